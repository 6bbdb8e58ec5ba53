#include "widgets/layout.hpp"

#include <algorithm>

namespace opsdeck::ui {

namespace {

// Splits `total` into `n` parts differing by at most one (earlier parts get the extra).
std::vector<int> split(int total, int n) {
  std::vector<int> parts(static_cast<std::size_t>(n), n > 0 ? total / n : 0);
  for (int i = 0; i < (n > 0 ? total % n : 0); ++i) ++parts[static_cast<std::size_t>(i)];
  return parts;
}

}  // namespace

std::vector<Rect> pane_rects(Rect area, int count, int zoomed) {
  std::vector<Rect> out(static_cast<std::size_t>(std::max(count, 0)));
  if (count <= 0) return out;
  if (zoomed >= 0 && zoomed < count) {
    out[static_cast<std::size_t>(zoomed)] = area;
    return out;
  }
  int cols = area.w >= kWideLayoutColumns && count > 1 ? 2 : 1;
  int rows = (count + cols - 1) / cols;
  auto heights = split(area.h, rows);
  auto widths = split(area.w, cols);
  int y = area.y;
  for (int r = 0; r < rows; ++r) {
    int x = area.x;
    int in_row = std::min(cols, count - r * cols);
    // A lone pane in the last row spans the full width.
    auto row_widths = in_row == cols ? widths : split(area.w, in_row);
    for (int c = 0; c < in_row; ++c) {
      out[static_cast<std::size_t>(r * cols + c)] = {x, y, row_widths[static_cast<std::size_t>(c)],
                                                     heights[static_cast<std::size_t>(r)]};
      x += row_widths[static_cast<std::size_t>(c)];
    }
    y += heights[static_cast<std::size_t>(r)];
  }
  return out;
}

bool tabbed_layout(Rect area, int count) {
  return count > 1 && area.w < kWideLayoutColumns && area.h < count * kMinStackedPaneRows;
}

Rect take_top(Rect& area, int n) {
  n = std::clamp(n, 0, std::max(area.h, 0));
  Rect top{area.x, area.y, area.w, n};
  area.y += n;
  area.h -= n;
  return top;
}

Rect take_bottom(Rect& area, int n) {
  n = std::clamp(n, 0, std::max(area.h, 0));
  area.h -= n;
  return {area.x, area.y + area.h, area.w, n};
}

Rect centered(Rect area, int w, int h) {
  w = std::min(w, area.w);
  h = std::min(h, area.h);
  return {area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h};
}

}  // namespace opsdeck::ui
