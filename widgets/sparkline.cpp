#include "widgets/sparkline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr char kAsciiLevels[] = {'_', '.', ':', '-', '=', '+', '*', '#'};

struct Range {
  double lo = 0, hi = 0;
};

Range range_of(const std::vector<double>& v, std::size_t from, std::optional<double> floor) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = from; i < v.size(); ++i) {
    if (std::isnan(v[i])) continue;
    r.lo = std::min(r.lo, v[i]);
    r.hi = std::max(r.hi, v[i]);
  }
  if (r.lo > r.hi) return {0, 0};
  if (floor && *floor < r.lo) r.lo = *floor;
  return r;
}

std::string label(double v) {
  char buf[32];
  if (std::fabs(v) >= 1000 || v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string sparkline(const std::vector<double>& values, int width, bool ascii, std::optional<double> floor) {
  std::string out;
  if (width <= 0) return out;
  std::size_t from = values.size() > static_cast<std::size_t>(width) ? values.size() - static_cast<std::size_t>(width) : 0;
  Range r = range_of(values, from, floor);
  for (std::size_t i = from; i < values.size(); ++i) {
    double v = values[i];
    if (std::isnan(v)) {
      out += ' ';
      continue;
    }
    int level = r.hi > r.lo ? static_cast<int>(std::lround((v - r.lo) / (r.hi - r.lo) * 7.0)) : (v > 0 ? 7 : 0);
    level = std::clamp(level, 0, 7);
    if (ascii) out += kAsciiLevels[level];
    else out += kBlocks[level];
  }
  return out;
}

int draw_sparkline(CellGrid& grid, int x, int y, const std::vector<double>& values, int width, Role role, bool ascii) {
  return grid.put(x, y, sparkline(values, width, ascii), role, x + width);
}

void draw_line_graph(CellGrid& grid, Rect area, const std::vector<double>& values, const GraphOptions& o) {
  if (area.empty()) return;
  Range r = range_of(values, 0, std::nullopt);
  if (o.threshold) r.lo = std::min(r.lo, *o.threshold), r.hi = std::max(r.hi, *o.threshold);
  if (o.min) r.lo = *o.min;
  if (o.max) r.hi = *o.max;
  if (r.hi <= r.lo) r.hi = r.lo + 1;

  Rect plot = area;
  if (o.labels) {
    std::string hi = o.format ? o.format(r.hi) : label(r.hi), lo = o.format ? o.format(r.lo) : label(r.lo);
    int lw = std::max(display_width(hi), display_width(lo)) + 1;
    if (lw < area.w / 2) {
      grid.put(area.x, area.y, hi, Role::Dim, area.x + lw);
      grid.put(area.x, area.y + area.h - 1, lo, Role::Dim, area.x + lw);
      plot.x += lw;
      plot.w -= lw;
    }
  }
  if (plot.empty()) return;
  // Dots: braille gives 2 x 4 dots per cell; ASCII one mark per cell.
  int sx = o.ascii ? 1 : 2, sy = o.ascii ? 1 : 4;
  int dots_w = plot.w * sx, dots_h = plot.h * sy;
  auto row_of = [&](double v) {
    double f = (v - r.lo) / (r.hi - r.lo);
    return std::clamp(static_cast<int>(std::lround((1.0 - f) * (dots_h - 1))), 0, dots_h - 1);
  };
  if (o.threshold) {
    int ty = row_of(*o.threshold) / sy;
    for (int x = plot.x; x < plot.x + plot.w; ++x) grid.put(x, plot.y + ty, o.ascii ? "-" : "┄", Role::Threshold);
  }
  std::size_t n = std::min(values.size(), static_cast<std::size_t>(dots_w));
  std::size_t first = values.size() - n;
  std::vector<unsigned> bits(static_cast<std::size_t>(plot.w * plot.h), 0);
  static const unsigned kDot[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
  int prev = -1;
  for (std::size_t i = 0; i < n; ++i) {
    double v = values[first + i];
    if (std::isnan(v)) {
      prev = -1;
      continue;
    }
    int dx = dots_w - static_cast<int>(n) + static_cast<int>(i);
    int dy = row_of(v);
    // Join to the previous point with a vertical run so steep changes stay connected.
    int a = prev < 0 ? dy : std::min(prev, dy), b = prev < 0 ? dy : std::max(prev, dy);
    for (int yy = a; yy <= b; ++yy) {
      std::size_t cell = static_cast<std::size_t>((yy / sy) * plot.w + dx / sx);
      bits[cell] |= o.ascii ? 1u : kDot[yy % 4][dx % 2];
    }
    prev = dy;
  }
  for (int cy = 0; cy < plot.h; ++cy) {
    for (int cx = 0; cx < plot.w; ++cx) {
      unsigned b = bits[static_cast<std::size_t>(cy * plot.w + cx)];
      if (!b) continue;
      std::string glyph(1, '*');
      if (!o.ascii) {
        glyph.clear();
        append_utf8(glyph, 0x2800 + b);
      }
      grid.put(plot.x + cx, plot.y + cy, glyph, Role::Graph);
    }
  }
}

}  // namespace opsdeck::ui
