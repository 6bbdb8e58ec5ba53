#pragma once
// A small pop-up menu: a titled list of items (label, optional shortcut character,
// enabled flag). j/k or arrows move, Enter or an item's shortcut chooses, Esc cancels.
// Disabled items are shown dimmed (with a reason) and cannot be chosen. UI thread only.

#include <optional>
#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::ui {

struct MenuItem {
  std::string label;
  char32_t shortcut = 0;
  bool enabled = true;
  std::string note;  // shown after the label, e.g. "read-only mode"
};

class Menu {
 public:
  Menu(std::string title, std::vector<MenuItem> items);

  Outcome handle_key(const KeyEvent& e);
  bool open() const { return open_; }
  // The chosen item's index once the menu closed with a choice.
  std::optional<std::size_t> chosen() const { return chosen_; }
  std::size_t selected() const { return selected_; }
  void render(CellGrid& grid, Rect screen, bool ascii = false) const;

 private:
  void move(int delta);

  std::string title_;
  std::vector<MenuItem> items_;
  std::size_t selected_ = 0;
  std::optional<std::size_t> chosen_;
  bool open_ = true;
};

}  // namespace opsdeck::ui
