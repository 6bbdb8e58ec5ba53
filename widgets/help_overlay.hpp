#pragma once
// The `?` help overlay, generated from a KeyMap: a framed box over the screen listing
// every binding by context ("key  description"), scrollable with j/k, closed with Esc/q/?.
// UI thread only.

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/key_map.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::ui {

class HelpOverlay {
 public:
  void open() { open_ = true, top_ = 0; }
  void close() { open_ = false; }
  bool is_open() const { return open_; }
  // Scrolls or closes; every key is consumed while open.
  Outcome handle_key(const KeyEvent& e);
  void render(CellGrid& grid, Rect screen, const KeyMap& map, bool ascii = false);

 private:
  bool open_ = false;
  int top_ = 0;
  int lines_ = 0, page_ = 1;
};

}  // namespace opsdeck::ui
