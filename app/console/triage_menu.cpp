#include "app/console/triage_menu.hpp"

#include <algorithm>

#include "app/console/runbook_views.hpp"
#include "aws/json_fields.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t' || s.back() == '.'))
    s.pop_back();
  return s;
}

// "runbook: runbooks/x.md" on a line of its own (any case).
std::string runbook_from_description(const std::string& text) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line = trim(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.starts_with("runbook:")) return trim(line.substr(8));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return "";
}

}  // namespace

TriageLinks triage_links(const std::string& alarm, const nlohmann::json* doc, const RunbookCatalog& c) {
  TriageLinks out;
  if (auto it = c.alarm_runbooks.find(alarm); it != c.alarm_runbooks.end()) {
    out.runbook = it->second;
    out.runbook_from = "config alarm_runbooks";
  } else if (doc) {
    std::string path = runbook_from_description(aws::jstr(*doc, "AlarmDescription"));
    if (!path.empty()) {
      out.runbook = c.resolve(path);
      out.runbook_from = "alarm description";
    }
  }
  // The service: a dimension value naming it, else the longest service name in the alarm's.
  std::vector<std::string> dims;
  if (doc)
    for (const auto& d : aws::jarr(*doc, "Dimensions"))
      if (const auto* v = aws::jfield(d, "Value"); v && v->is_string()) dims.push_back(aws::jstr(d, "Value"));
  std::string best;
  for (const auto& [service, groups] : c.service_log_groups) {
    if (groups.empty()) continue;
    bool by_dim = std::find(dims.begin(), dims.end(), service) != dims.end();
    bool by_name = alarm.find(service) != std::string::npos;
    if ((by_dim || by_name) && (best.empty() || service.size() > best.size())) best = service;
  }
  if (!best.empty()) {
    out.service = best;
    out.log_group = c.service_log_groups.at(best).front();
  }
  return out;
}

ui::Outcome TriageMenu::open(const std::string& alarm, const nlohmann::json* document) {
  alarm_ = alarm;
  document_ = document ? *document : nlohmann::json::object();
  links_ = triage_links(alarm, document, runbooks_.catalog());
  std::vector<ui::MenuItem> items;
  items_.clear();
  if (!links_.runbook.empty()) {
    std::string shown = runbooks_.catalog().find(links_.runbook) ? runbooks_.catalog().find(links_.runbook)->name
                                                                 : links_.runbook;
    items.push_back({"Runbook: " + ui::sanitize_plain(shown), U'r', true, links_.runbook_from});
  } else {
    items.push_back({"Runbook", U'r', false, "none: config alarm_runbooks or 'runbook:' in the description"});
  }
  items_.push_back(Item::Runbook);
  if (!links_.log_group.empty())
    items.push_back({"Logs: " + ui::sanitize_plain(links_.log_group), U'l', true, "service " + links_.service});
  else
    items.push_back({"Logs", U'l', false, "no service's log group matches this alarm"});
  items_.push_back(Item::Logs);
  items.push_back({"Metric / detail", U'm', true, ""});
  items_.push_back(Item::Metric);
  if (view_.zoomed() != kAlarmsPane) {
    items.push_back({"Zoom the Alarms pane", U'z', true, ""});
    items_.push_back(Item::Zoom);
  }
  menu_.emplace("Alarm " + ui::sanitize_plain(alarm), std::move(items));
  return ui::Outcome::Redraw;
}

ui::Outcome TriageMenu::on_key(const ui::KeyEvent& e) {
  if (!menu_) return ui::Outcome::Ignored;
  if (e.key == ui::Key::Resize) return ui::Outcome::Relayout;
  menu_->handle_key(e);
  if (menu_->open()) return ui::Outcome::Redraw;
  auto chosen = menu_->chosen();
  menu_.reset();
  if (!chosen || *chosen >= items_.size()) return ui::Outcome::Redraw;
  switch (items_[*chosen]) {
    case Item::Runbook:
      return ui::combine(runbooks_.open_runbook(links_.runbook), ui::Outcome::Redraw);
    case Item::Logs:
      if (follow_logs) follow_logs(links_.log_group);
      view_.status().show(ui::Severity::Info, "Logs: following " + ui::sanitize_plain(links_.log_group));
      return ui::Outcome::Redraw;
    case Item::Metric:
      if (on_metric) return ui::combine(on_metric(alarm_, document_), ui::Outcome::Redraw);
      view_.show_detail("Alarm: " + ui::sanitize_plain(alarm_), document_);
      return ui::Outcome::Redraw;
    case Item::Zoom:
      view_.zoom_pane(kAlarmsPane);
      return ui::Outcome::Relayout;
  }
  return ui::Outcome::Redraw;
}

void TriageMenu::render(ui::CellGrid& grid, bool ascii) const {
  if (menu_) menu_->render(grid, grid.bounds(), ascii);
}

}  // namespace opsdeck::app
