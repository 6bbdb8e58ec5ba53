#pragma once
// The terminal's clipboard: OSC 52 ("ESC ] 52 ; c ; <base64> BEL"), which xterm, kitty,
// iTerm2, WezTerm, Windows Terminal and tmux (set-clipboard on/external) put on the
// system clipboard — over SSH too, with nothing installed on this machine. The sequence
// only asks: a terminal that does not allow it ignores it. Pure functions; any thread.

#include <string>
#include <string_view>

namespace opsdeck::ui {

// Texts longer than this are not copied (terminals cap OSC 52 near 100 KB; xterm at 74,994
// bytes of base64 by default).
inline constexpr std::size_t kClipboardMaxBytes = 32 * 1024;

// The OSC 52 sequence that sets the clipboard to the text whose base64 (RFC 4648, e.g.
// ssh::base64_encode) is `base64`; "" when it is empty, longer than kClipboardMaxBytes
// would encode to, or holds anything but base64 characters (nothing can end the sequence
// early).
std::string osc52_sequence(std::string_view base64);

}  // namespace opsdeck::ui
