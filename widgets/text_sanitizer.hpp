#pragma once
// Turns arbitrary remote bytes (log lines, command output, tags, JSON strings) into text
// that is safe to draw: nothing from outside can ever drive the operator's terminal.
//
// Every control is made VISIBLE, never interpreted, and marked so views can draw it in
// Role::Control:
//   - ESC sequences (CSI "ESC [", OSC "ESC ]", DCS "ESC P", SOS/PM/APC, two-byte escapes)
//     become "␛" followed by the sequence's own characters, e.g. "\x1b[2J" -> "␛[2J";
//     OSC/DCS/SOS/PM/APC run to their terminator (BEL or ESC \), which is shown too;
//   - C0 controls and DEL become Control Pictures: BEL "␇", BS "␈", CR "␍", LF "␊", NUL "␀"...
//   - C1 controls (U+0080..U+009F) become "\x9b" style text; C1 CSI/OSC/DCS introduce a
//     sequence exactly like their ESC forms;
//   - bidirectional controls (overrides/embeddings U+202A..U+202E, isolates U+2066..U+2069,
//     marks U+200E, U+200F, U+061C) become "<U+202E>" so text cannot be visually reordered
//     ("Trojan source");
//   - invisible format characters become "<U+200B>" so two strings that look the same are
//     not different: zero-width space/non-joiner/joiner U+200B..U+200D, word joiner and
//     invisible operators U+2060..U+2064, deprecated format controls U+206A..U+206F, BOM /
//     zero-width no-break space U+FEFF, soft hyphen U+00AD, Mongolian vowel separator
//     U+180E, line/paragraph separators U+2028/U+2029, interlinear annotation U+FFF9..U+FFFB
//     and tag characters U+E0000..U+E007F ("ASCII smuggling");
//   - tabs are expanded to spaces (tab stops every `tab_width` columns), or kept as '\t'
//     with keep_tabs;
//   - invalid UTF-8 becomes U+FFFD.
// The result never contains a byte below 0x20, 0x7F, or a C1 code point (except '\n' when
// keep_newlines is set and '\t' when keep_tabs is set). A kept newline also ends an
// unterminated OSC/DCS string, so one stray "ESC ]" cannot glue the following lines into
// one; the text after it is shown either way, and nothing in it is interpreted.
//
// Pure functions, no state, safe on any thread.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/role.hpp"

namespace opsdeck::ui {

struct SanitizeOptions {
  int tab_width = 8;           // tab stops; 0 shows a tab as "␉"
  bool keep_newlines = false;  // keep '\n' as a line break (callers split lines) instead of "␊"
  bool keep_tabs = false;      // keep '\t' as is (headless output: the terminal expands it);
                               // overrides tab_width
  int start_column = 0;        // display column the text starts at (for tab stops)
};

// A byte range [begin, end) of SafeText::text that came from a control or escape sequence.
struct ControlSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const ControlSpan&) const = default;
};

struct SafeText {
  std::string text;                   // valid UTF-8, safe to draw
  std::vector<ControlSpan> controls;  // sorted, non-overlapping
};

SafeText sanitize_text(std::string_view raw, const SanitizeOptions& options = {});
// Only the text, for places that draw in one role (titles, tags, status messages).
std::string sanitize_plain(std::string_view raw, const SanitizeOptions& options = {});

// Draws sanitised text at (x, y): plain parts in `role`, control spans in Role::Control.
// Returns the number of columns written (CellGrid::put semantics; stops at max_x).
int put_safe(CellGrid& grid, int x, int y, const SafeText& safe, Role role, int max_x = -1);

}  // namespace opsdeck::ui
