#pragma once
// Screen layout helpers: where the panes go for a given terminal size. Pure functions.

#include <vector>

#include "widgets/cell_grid.hpp"

namespace opsdeck::ui {

inline constexpr int kWideLayoutColumns = 100;  // 2x2 from this width, stacked below it

// Rects for `count` panes in `area`: a grid of two columns when area.w >= 100 (rows
// filled left to right), a vertical stack otherwise. With `zoomed` >= 0 that pane gets the
// whole area and the others an empty Rect. Heights and widths differ by at most one cell.
std::vector<Rect> pane_rects(Rect area, int count, int zoomed = -1);

// Below 100 columns, stacked panes get fewer rows each as the terminal gets shorter; under
// kMinStackedPaneRows rows each (frame, header and at least four lines) the console shows
// one pane at a time under a tab bar instead (80x24 is tabbed; 80x31 and up is stacked).
inline constexpr int kMinStackedPaneRows = 7;
bool tabbed_layout(Rect area, int count);

// Splits off the top `n` rows (header) or bottom `n` rows (status, hints).
Rect take_top(Rect& area, int n);
Rect take_bottom(Rect& area, int n);
// A rect of w x h centred in `area` (clipped to it).
Rect centered(Rect area, int w, int h);

}  // namespace opsdeck::ui
