#include "app/console/gate_question.hpp"

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

void GateQuestion::ask(const GateDecision& d, const std::string& production_env, const std::string& title,
                       const std::vector<std::string>& extra, const std::string& yes_hint) {
  question_ = d;
  std::vector<std::string> lines;
  for (const auto& l : d.lines) lines.push_back(ui::sanitize_plain(l));
  lines.insert(lines.end(), extra.begin(), extra.end());
  if (d.verdict == GateVerdict::NeedsTypedName) {
    lines.push_back("PRODUCTION environment " + d.typed_name + ": the name must be typed");
    dialog_.emplace(title, lines, d.typed_name);
  } else {
    lines.push_back(production_env.empty() ? yes_hint : "PRODUCTION environment " + production_env + ": " + yes_hint);
    dialog_.emplace(title, lines);
  }
}

std::optional<std::string> GateQuestion::on_key(const ui::KeyEvent& e) {
  if (!dialog_) return std::string();
  dialog_->handle_key(e);
  if (dialog_->pending()) return std::nullopt;
  const bool yes = dialog_->state() == ui::ConfirmDialog::State::Confirmed;
  dialog_.reset();
  if (!yes) return std::string();
  return question_.verdict == GateVerdict::NeedsTypedName ? question_.typed_name : std::string("y");
}

void GateQuestion::render(ui::CellGrid& grid, bool ascii) const {
  if (dialog_) dialog_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
