#pragma once
// Triage links for an alarm (Enter on an alarm row): a small menu of
//   "Runbook: <file>"   config "alarm_runbooks", or a `runbook: <path>` line in the alarm's
//                       description -> opens the runbook's step view;
//   "Logs: <group>"     the log group of the alarm's service (config services.*.log_groups
//                       or "log_groups", matched by the alarm's dimensions or name) -> the
//                       Logs pane follows it;
//   "Metric / detail"   the `on_metric` hook when set, else the alarm's document;
//   "Zoom the Alarms pane" (Enter on an alarm row opens this menu; zoom is one of its items).
// triage_links() is pure (tests); TriageMenu is the modal menu around it.
//
// Threads: UI thread only. Ownership: borrows the view and the RunbookViews (outlive it).

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/console/console_overlay.hpp"
#include "app/console/console_view.hpp"
#include "app/console/runbook_catalog.hpp"
#include "widgets/menu.hpp"

namespace opsdeck::app {

class RunbookViews;

struct TriageLinks {
  std::string runbook;        // path ("" none)
  std::string runbook_from;   // "config alarm_runbooks" | "alarm description"
  std::string service;        // the matched service ("" none)
  std::string log_group;      // "" none
};

TriageLinks triage_links(const std::string& alarm_name, const nlohmann::json* alarm_document,
                         const RunbookCatalog& catalog);

class TriageMenu : public ConsoleOverlay {
 public:
  TriageMenu(ConsoleView& view, RunbookViews& runbooks) : view_(view), runbooks_(runbooks) {}

  // Opens the menu for `alarm` (its document may be null).
  ui::Outcome open(const std::string& alarm, const nlohmann::json* document);
  bool modal() const override { return menu_.has_value(); }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  void render(ui::CellGrid& grid, bool ascii) const override;

  // Set by the app: follow a log group in the Logs pane (UI thread).
  std::function<void(const std::string& group)> follow_logs;
  // Set by the app: the alarm's metric view (UI thread). Unset: the alarm's document is shown.
  std::function<ui::Outcome(const std::string& alarm, const nlohmann::json& document)> on_metric;

 private:
  enum class Item { Runbook, Logs, Metric, Zoom };
  ConsoleView& view_;
  RunbookViews& runbooks_;
  std::optional<ui::Menu> menu_;
  std::vector<Item> items_;
  std::string alarm_;
  nlohmann::json document_;
  TriageLinks links_;
};

}  // namespace opsdeck::app
