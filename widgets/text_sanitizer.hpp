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
//   - bidirectional overrides/isolates (U+202A..U+202E, U+2066..U+2069) become "<U+202E>"
//     so text cannot be visually reordered ("Trojan source");
//   - tabs are expanded to spaces (tab stops every `tab_width` columns);
//   - invalid UTF-8 becomes U+FFFD.
// The result never contains a byte below 0x20, 0x7F, or a C1 code point (except '\n' when
// keep_newlines is set).
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
