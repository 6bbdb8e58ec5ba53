#pragma once
// The offscreen screen: a grid of cells, each one glyph (a base character plus any
// combining marks, as UTF-8) and a Role. Widgets draw into a CellGrid; the curses backend
// flushes it once per frame; tests compare grids as text. No curses in here.
//
// Wide characters occupy two cells: the left holds the glyph (width 2), the right is a
// continuation cell (width 0) that backends skip.
//
// Not thread-safe: a grid belongs to the UI thread.

#include <string>
#include <string_view>
#include <vector>

#include "widgets/role.hpp"

namespace opsdeck::ui {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  bool empty() const { return w <= 0 || h <= 0; }
  bool contains(int px, int py) const { return px >= x && px < x + w && py >= y && py < y + h; }
  Rect inset(int n) const { return {x + n, y + n, w - 2 * n, h - 2 * n}; }
};

struct Cell {
  std::string glyph = " ";  // UTF-8: one base character plus combining marks
  Role role = Role::Default;
  unsigned char width = 1;  // 1, 2 (wide), 0 (continuation of the wide cell to the left)
  bool bold = false;
  bool underline = false;
  bool operator==(const Cell&) const = default;
};

class CellGrid {
 public:
  CellGrid() = default;
  CellGrid(int width, int height);

  int width() const { return w_; }
  int height() const { return h_; }
  Rect bounds() const { return {0, 0, w_, h_}; }
  void resize(int width, int height);  // contents are cleared
  void clear(Role role = Role::Default);

  const Cell& at(int x, int y) const { return cells_[static_cast<size_t>(y * w_ + x)]; }
  Cell& at(int x, int y) { return cells_[static_cast<size_t>(y * w_ + x)]; }

  // Writes UTF-8 text from (x, y) without passing `max_x` (exclusive; -1 = right edge).
  // Control characters must have been sanitised by the caller; any left are drawn as '?'.
  // A wide character that would straddle the limit is replaced by a space.
  // Returns the number of columns written.
  int put(int x, int y, std::string_view utf8, Role role, int max_x = -1);
  // Changes the role of `w` cells from (x, y), keeping the glyphs (for highlights).
  void set_role(int x, int y, int w, Role role);
  void fill(const Rect& r, std::string_view glyph, Role role);
  // A box-drawing frame around `r` (ASCII when `ascii`), with an optional title at top-left.
  void frame(const Rect& r, Role role, std::string_view title = {}, bool ascii = false);

  // The grid as text, one line per row, trailing spaces removed (continuation cells skipped).
  std::string to_text() const;
  std::string row_text(int y) const;

 private:
  int w_ = 0, h_ = 0;
  std::vector<Cell> cells_;
};

}  // namespace opsdeck::ui
