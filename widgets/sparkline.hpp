#pragma once
// Sparkline and a small line graph drawn into the grid.
//  - Sparkline: one cell per value, ▁▂▃▄▅▆▇█ (ASCII fallback " .:-=+*#"); values scaled
//    between the series minimum (or 0) and maximum; NaN draws a gap.
//  - LineGraph: values over a rect in braille (2x4 dots per cell) or, in ASCII, '*' marks,
//    with an optional threshold drawn as a horizontal line in Role::Threshold and the
//    value range labelled at the left. Pure drawing; no state.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"

namespace opsdeck::ui {

// The sparkline of the last `width` values as a string (one glyph per value).
std::string sparkline(const std::vector<double>& values, int width, bool ascii = false,
                      std::optional<double> floor = 0.0);
int draw_sparkline(CellGrid& grid, int x, int y, const std::vector<double>& values, int width, Role role,
                   bool ascii = false);

struct GraphOptions {
  std::optional<double> threshold;  // drawn as a horizontal line
  std::optional<double> min, max;   // default: from the data (and the threshold)
  bool ascii = false;
  bool labels = true;               // max / min at the left edge
  // How the labels read (a unit's own form, "8.3 GiB"); unset: whole numbers, else one decimal.
  std::function<std::string(double)> format;
};

// Draws the last values that fit into `area` (newest at the right).
void draw_line_graph(CellGrid& grid, Rect area, const std::vector<double>& values, const GraphOptions& options);

}  // namespace opsdeck::ui
