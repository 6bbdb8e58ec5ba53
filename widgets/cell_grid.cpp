#include "widgets/cell_grid.hpp"

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

CellGrid::CellGrid(int width, int height) { resize(width, height); }

void CellGrid::resize(int width, int height) {
  w_ = width < 0 ? 0 : width;
  h_ = height < 0 ? 0 : height;
  cells_.assign(static_cast<size_t>(w_ * h_), Cell{});
}

void CellGrid::clear(Role role) {
  Cell blank;
  blank.role = role;
  for (auto& c : cells_) c = blank;
}

int CellGrid::put(int x, int y, std::string_view utf8, Role role, int max_x) {
  if (y < 0 || y >= h_) return 0;
  int limit = (max_x < 0 || max_x > w_) ? w_ : max_x;
  int col = x;
  int last = -1;  // cell that receives combining marks
  for (size_t i = 0; i < utf8.size();) {
    size_t start = i;
    char32_t cp = next_codepoint(utf8, i);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) cp = '?';
    int cw = codepoint_width(cp);
    if (cw == 0) {
      if (last >= 0 && last < w_) at(last, y).glyph.append(utf8.substr(start, i - start));
      continue;
    }
    if (col + cw > limit) {
      if (cw == 2 && col < limit && col >= 0) at(col, y) = Cell{" ", role, 1};
      break;
    }
    if (col >= 0) {
      // Overwriting half of an existing wide character blanks its other half.
      if (at(col, y).width == 0 && col > 0) at(col - 1, y) = Cell{" ", at(col - 1, y).role, 1};
      Cell& c = at(col, y);
      c.glyph.clear();
      append_utf8(c.glyph, cp);
      c.role = role;
      c.width = static_cast<unsigned char>(cw);
      c.bold = c.underline = false;
      if (cw == 2) at(col + 1, y) = Cell{"", role, 0};
      else if (col + 1 < w_ && at(col + 1, y).width == 0) at(col + 1, y) = Cell{" ", role, 1};
      last = col;
    }
    col += cw;
  }
  return col - x;
}

void CellGrid::set_role(int x, int y, int w, Role role) {
  if (y < 0 || y >= h_) return;
  for (int i = x; i < x + w && i < w_; ++i)
    if (i >= 0) at(i, y).role = role;
}

void CellGrid::fill(const Rect& r, std::string_view glyph, Role role) {
  for (int y = r.y; y < r.y + r.h; ++y) {
    if (y < 0 || y >= h_) continue;
    for (int x = r.x; x < r.x + r.w; ++x) {
      if (x < 0 || x >= w_) continue;
      at(x, y) = Cell{std::string(glyph), role, 1};
    }
  }
}

void CellGrid::frame(const Rect& r, Role role, std::string_view title, bool ascii) {
  if (r.w < 2 || r.h < 2) return;
  const char* h = ascii ? "-" : "─";
  const char* v = ascii ? "|" : "│";
  int x2 = r.x + r.w - 1, y2 = r.y + r.h - 1;
  for (int x = r.x + 1; x < x2; ++x) {
    put(x, r.y, h, role);
    put(x, y2, h, role);
  }
  for (int y = r.y + 1; y < y2; ++y) {
    put(r.x, y, v, role);
    put(x2, y, v, role);
  }
  put(r.x, r.y, ascii ? "+" : "┌", role);
  put(x2, r.y, ascii ? "+" : "┐", role);
  put(r.x, y2, ascii ? "+" : "└", role);
  put(x2, y2, ascii ? "+" : "┘", role);
  if (!title.empty() && r.w > 4) {
    int n = put(r.x + 2, r.y, " ", role, x2 - 1);
    n += put(r.x + 2 + n, r.y, title, role == Role::BorderFocused ? Role::Title : role, x2 - 1);
    put(r.x + 2 + n, r.y, " ", role, x2 - 1);
  }
}

std::string CellGrid::row_text(int y) const {
  std::string out;
  for (int x = 0; x < w_; ++x) {
    const Cell& c = at(x, y);
    if (c.width == 0) continue;
    out += c.glyph;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string CellGrid::to_text() const {
  std::string out;
  for (int y = 0; y < h_; ++y) {
    out += row_text(y);
    out += '\n';
  }
  return out;
}

}  // namespace opsdeck::ui
