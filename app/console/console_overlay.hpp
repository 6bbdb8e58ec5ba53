#pragma once
// ConsoleOverlay: what is drawn over the whole console and takes every key while it is
// open — the dialogs, menus and prompts of the resource actions, the shell launcher, the
// alarm triage menu and the MFA question. The console keeps them in one stack
// (LiveParts::overlays(), bottom first): the topmost open one gets the keys, and they are
// drawn bottom to top after the view. UI thread only.

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::app {

class ConsoleOverlay {
 public:
  virtual ~ConsoleOverlay() = default;
  // Open: takes the keys (and is drawn).
  virtual bool modal() const = 0;
  virtual ui::Outcome on_key(const ui::KeyEvent& e) = 0;
  virtual void render(ui::CellGrid& grid, bool ascii) const = 0;
};

}  // namespace opsdeck::app
