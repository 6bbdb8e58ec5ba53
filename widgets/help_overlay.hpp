#pragma once
// The `?` help overlay, generated from a KeyMap: a framed box over the screen listing
// every binding by context ("key  description"), scrollable with j/k, closed with Esc/q/?.
// Sections that are not key-map bindings (the keys of the view on top, palette commands)
// are listed before or after the bindings.
// UI thread only.

#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/key_map.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::ui {

// An extra help line that is not a key binding (e.g. a palette command).
struct HelpEntry {
  std::string keys;  // ":logs GROUP"
  std::string text;  // "Tail a log group"
};

// A titled group of extra lines.
struct HelpSection {
  std::string title;  // "this view: Parameters"
  std::vector<HelpEntry> entries;
};

class HelpOverlay {
 public:
  void open() { open_ = true, top_ = 0; }
  void close() { open_ = false; }
  bool is_open() const { return open_; }
  // Scrolls or closes; every key is consumed while open.
  Outcome handle_key(const KeyEvent& e);
  // `before` sections come ahead of the bindings, `after` sections follow them; empty
  // sections are left out.
  void render(CellGrid& grid, Rect screen, const KeyMap& map, bool ascii = false,
              const std::vector<HelpSection>& before = {}, const std::vector<HelpSection>& after = {});

 private:
  bool open_ = false;
  int top_ = 0;
  int lines_ = 0, page_ = 1;
};

}  // namespace opsdeck::ui
