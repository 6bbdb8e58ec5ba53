#pragma once
// GateQuestion: the console's dialog for a gate decision that needs the operator — y/N for a
// change in production, the name typed for a destructive one (ActionGate's NeedsConfirmation
// and NeedsTypedName). It shows the gate's own lines, then what the owner adds, then how to
// answer; once answered it gives the answer ActionGate::resolve() expects ("" = declined).
// UI thread; a plain value the owner keeps beside its other dialogs.

#include <optional>
#include <string>
#include <vector>

#include "app/action_gate.hpp"
#include "widgets/confirm_dialog.hpp"

namespace opsdeck::app {

class GateQuestion {
 public:
  // Opens the dialog for `d` (d.needs_answer()). `extra` lines (display-safe) follow the
  // gate's lines; the y/N form's last line is "PRODUCTION environment <production_env>:
  // <yes_hint>", or the hint alone when `production_env` is "" (a destructive step outside
  // production).
  void ask(const GateDecision& d, const std::string& production_env, const std::string& title,
           const std::vector<std::string>& extra = {}, const std::string& yes_hint = "y to confirm, n or Esc to cancel");
  bool open() const { return dialog_.has_value(); }
  // Feeds a key to the open dialog: nullopt while it is still open, then the answer.
  std::optional<std::string> on_key(const ui::KeyEvent& e);
  // The decision asked about (valid until the next ask()).
  const GateDecision& question() const { return question_; }
  void render(ui::CellGrid& grid, bool ascii) const;

 private:
  std::optional<ui::ConfirmDialog> dialog_;
  GateDecision question_;
};

}  // namespace opsdeck::app
