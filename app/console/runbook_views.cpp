#include "app/console/runbook_views.hpp"

#include "app/config.hpp"
#include "app/console/deploy_match.hpp"
#include "app/console/screens/deploy_screen.hpp"
#include "app/console/screens/table_screen.hpp"
#include "app/deploy/service_config.hpp"
#include "app/guard_scope.hpp"
#include "app/runbook/loader.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

RunbookViews::RunbookViews(ConsoleView& view, ui::EventLoop& loop, RunbookContext ctx,
                           RunbookCatalog catalog, std::vector<std::string> destructive_patterns)
    : view_(view),
      ctx_(std::move(ctx)),
      catalog_(std::move(catalog)),
      patterns_(destructive_patterns),
      workers_(std::make_unique<StepWorkers>()) {
  ctx_.loop = &loop;
  ctx_.workers = workers_.get();
  ctx_.open_screen = [this](std::shared_ptr<ConsoleScreen> screen) { view_.push_screen(std::move(screen)); };
  ctx_.patterns = std::make_shared<const runbook::DestructivePatterns>(patterns_);
  for (const auto& p : patterns_.invalid())
    view_.status().show(ui::Severity::Warn, "runbooks: the destructive pattern '" + ui::sanitize_plain(p) +
                                                "' does not compile: every step counts as destructive until it is fixed");
  std::vector<std::string> names;
  for (const auto& r : catalog_.runbooks) names.push_back(r.name);
  view_.palette().set_argument_values("runbook", names);
}

RunbookViews::~RunbookViews() { workers_.reset(); }  // cancels and joins running steps

void RunbookViews::add_commands() {
  view_.commands().set_handler("runbooks", [this](const std::string&) { return open_list(); });
  view_.commands().set_handler("runbook", [this](const std::string& file) { return open_runbook(file); });
}

ui::Outcome RunbookViews::open_list() {
  auto screen = std::make_shared<TableScreen>(
      "Runbooks",
      std::vector<ui::Column>{{"RUNBOOK", 8, 40, 0}, {"STEPS", 5, 5, 1, true}, {"TITLE", 8, 40, 2},
                              {"USED BY", 7, 60, 3}},
      ResourceType::None);
  PaneRows rows;
  for (const auto& r : catalog_.runbooks) {
    auto rb = runbook::load_runbook(r.path, patterns_);
    std::string used;
    for (const auto& u : r.used_by) used += (used.empty() ? "" : ", ") + u;
    rows.rows.push_back({{ui::sanitize_plain(r.name)},
                         {rb ? std::to_string(rb->steps.size()) : "?"},
                         {rb ? ui::sanitize_plain(rb->title) : "cannot read: " + rb.error().message,
                          rb ? ui::Role::Default : ui::Role::StateBad},
                         {ui::sanitize_plain(used)}});
    rows.keys.push_back(r.path);
    rows.documents.push_back({{"path", r.path}, {"name", r.name}, {"used_by", r.used_by}});
  }
  screen->set_rows(std::move(rows));
  if (catalog_.runbooks.empty())
    screen->set_error("no runbooks in the config (\"runbooks\": {\"directory\": ...}, services.*.runbooks, alarm_runbooks)");
  screen->on_open = [this](const std::string& path) { return open_runbook(path); };
  screen->add_hint({"<enter>", "open"});
  view_.push_screen(screen);
  return ui::Outcome::Redraw;
}

ui::Outcome RunbookViews::open_runbook(const std::string& file) {
  auto confined = catalog_.confine(file);
  if (!confined) {
    view_.status().show(ui::Severity::Error, "runbook: " + ui::sanitize_plain(confined.error().describe()));
    return ui::Outcome::Redraw;
  }
  std::string path = *confined;
  auto rb = runbook::load_runbook(path, patterns_);
  if (!rb) {
    view_.status().show(ui::Severity::Error, "runbook: " + ui::sanitize_plain(rb.error().describe()));
    return ui::Outcome::Redraw;
  }
  runbook::ProgressStore store(ctx_.state_dir, path, ctx_.environment);
  auto progress = store.load();
  if (!progress)
    view_.status().show(ui::Severity::Warn, "runbook progress: " + ui::sanitize_plain(progress.error().describe()));
  auto shared = std::make_shared<const runbook::Runbook>(std::move(*rb));
  view_.push_screen(std::make_shared<RunbookScreen>(
      ctx_, shared, progress ? *progress : runbook::RunbookProgress{}));
  return ui::Outcome::Redraw;
}

ui::Outcome RunbookViews::deploy(const std::string& key, const std::string& label,
                                 const nlohmann::json* document) {
  if (key.empty()) return ui::Outcome::Handled;
  auto config = load_config(global_.config_path);
  if (!config) {
    view_.status().show(ui::Severity::Error, "deploy: " + ui::sanitize_plain(config.error().describe()));
    return ui::Outcome::Redraw;
  }
  std::vector<ServiceConfig> services;
  for (const auto& name : catalog_.services)
    if (auto s = load_service(config->path, name)) services.push_back(std::move(*s));
  auto names = resource_names(key, label, document);
  std::string service = match_service(services, names);
  if (service.empty()) {
    view_.status().show(ui::Severity::Warn, "deploy: no service in the config's \"services\" matches " +
                                                ui::sanitize_plain(label.empty() ? key : label));
    return ui::Outcome::Redraw;
  }
  const ServiceConfig* svc = nullptr;
  for (const auto& s : services)
    if (s.name == service) svc = &s;
  auto env = resolve_environment(*config, global_.environment.empty() ? svc->environment : global_.environment);
  if (!env) {
    view_.status().show(ui::Severity::Error, "deploy: " + ui::sanitize_plain(env.error().describe()));
    return ui::Outcome::Redraw;
  }
  const DeploySpec& d = svc->deploy;
  std::string how = d.type == "ecs"         ? "ecs:" + d.cluster + "/" + d.service + " UpdateService"
                    : d.type == "lightsail" ? "lightsail:" + d.service_name + " " + d.container + "=" + d.image
                                            : d.type + ":" + d.target + ": " + d.command;
  // The service's own environment guards it, whatever the console's (guard_scope.hpp).
  auto scope = resolve_guard_scope({&*config, &*env, svc->environment, ctx_.profile, !global_.profile.empty(),
                                    account_of_arn(ctx_.caller_arn ? ctx_.caller_arn() : ""), false});
  if (!scope) {
    view_.status().show(ui::Severity::Error, "deploy: " + ui::sanitize_plain(scope.error().describe()));
    return ui::Outcome::Redraw;
  }
  DeployPlan plan{service, scope->environment, scope->production, global_.readonly, how};
  auto screen = std::make_shared<DeployScreen>(*ctx_.loop, *workers_, sessions_, global_, plan);
  view_.push_screen(screen);
  screen->begin();
  return ui::Outcome::Redraw;
}

}  // namespace opsdeck::app
