#pragma once
// A centred dialog that asks for a secret (an SSH key's passphrase): a title, message lines
// and a masked input line — every character shows as '*', nothing goes to any history, and
// the text is wiped when the dialog is destroyed or taken, on Esc and Ctrl-U, and so are
// the bytes Backspace removes and the old buffer when a long text outgrows it. What take()
// returns belongs to the caller, who wipes it after use (aws::wipe in aws/secret_wipe.hpp
// documents the limits). Enter submits, Esc cancels; Backspace and Ctrl-U edit.
// UI thread only.

#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::ui {

class SecretDialog {
 public:
  enum class State { Pending, Submitted, Cancelled };

  SecretDialog(std::string title, std::vector<std::string> message);
  ~SecretDialog();
  SecretDialog(const SecretDialog&) = delete;
  SecretDialog& operator=(const SecretDialog&) = delete;

  Outcome handle_key(const KeyEvent& e);
  State state() const { return state_; }
  bool pending() const { return state_ == State::Pending; }
  // Moves the typed secret out (the dialog keeps nothing).
  std::string take();
  void render(CellGrid& grid, Rect screen, bool ascii = false) const;

 private:
  void wipe();
  void grow_for(std::size_t extra);  // room for `extra` more bytes without a plain regrowth

  std::string title_;
  std::vector<std::string> message_;
  std::string text_;  // UTF-8
  int chars_ = 0;     // code points typed (what the mask shows)
  State state_ = State::Pending;
};

}  // namespace opsdeck::ui
