#pragma once
// The confirmation gate's dialog. Two kinds:
//  - yes/no: "y" confirms, "n"/Esc cancel, Tab/arrows move between [ No ] and [ Yes ],
//    Enter presses the highlighted one; No is highlighted first, so a stray Enter is safe;
//  - typed: the user must type `word` exactly (e.g. the production environment's name) and
//    press Enter; anything else keeps the dialog open with a hint; Esc cancels.
// Drawn centred over the screen. Modal: it consumes every key while pending. UI thread only.

#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::ui {

class ConfirmDialog {
 public:
  enum class State { Pending, Confirmed, Cancelled };

  // `typed_word` empty: a yes/no dialog.
  ConfirmDialog(std::string title, std::vector<std::string> message, std::string typed_word = {});

  Outcome handle_key(const KeyEvent& e);
  State state() const { return state_; }
  bool pending() const { return state_ == State::Pending; }
  void render(CellGrid& grid, Rect screen, bool ascii = false) const;

 private:
  std::string title_;
  std::vector<std::string> message_;
  std::string word_;
  Prompt input_{"> "};
  bool yes_highlighted_ = false;
  bool mismatch_ = false;
  State state_ = State::Pending;
};

}  // namespace opsdeck::ui
