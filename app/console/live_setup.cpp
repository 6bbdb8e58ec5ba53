#include "app/console/live_setup.hpp"

#include "app/aws_session.hpp"
#include "app/config.hpp"
#include "app/console/palette_views.hpp"
#include "app/console/runbook_setup.hpp"
#include "app/list_runner.hpp"

namespace opsdeck::app {

namespace {

std::string strip(std::string line) {
  static const std::string kPrefix = "opsdeck: ";
  if (line.rfind(kPrefix, 0) == 0) line.erase(0, kPrefix.size());
  return line;
}

}  // namespace

std::unique_ptr<LiveParts> start_live(const GlobalOptions& options, ConsoleView& view,
                                      ui::EventLoop& loop) {
  auto parts = std::make_unique<LiveParts>();
  GlobalOptions g = options;
  EnvironmentConfig env;
  std::string config_path;
  auto config = load_config(options.config_path);
  if (!config) {
    view.status().show(ui::Severity::Error, strip(error_line(config.error())));
  } else {
    config_path = config->path;
    if (auto e = resolve_environment(*config, options.environment)) {
      env = *e;
      if (!config->environments.empty() || !options.environment.empty()) {
        view.header().environment = env.name;
        view.header().production = env.production;
      }
      if (g.profile.empty()) g.profile = env.profile;
      if (g.region.empty()) g.region = env.region;
      if (g.endpoint_url.empty()) g.endpoint_url = env.endpoint_url;
    } else {
      view.status().show(ui::Severity::Error, strip(error_line(e.error())));
    }
  }
  auto settings = load_console_settings(config_path);
  if (!settings) {
    view.status().show(ui::Severity::Error, strip(error_line(settings.error())));
    settings = ConsoleSettings{};
  }
  auto session = make_aws_session(g);
  if (!session) {
    view.status().show(ui::Severity::Error, strip(error_line(session.error())));
    return parts;
  }
  view.header().profile = session->profile;
  view.header().region = session->region;
  std::string log_group;
  if (auto it = env.vars.find("LOG_GROUP"); it != env.vars.end()) log_group = it->second;

  parts->live =
      std::make_unique<LiveConsole>(view, loop, session->client, std::move(*settings), log_group);
  ActionContext ctx{session->profile, session->region, env.name, env.production, options.readonly};
  parts->actions = std::make_unique<ResourceActions>(view, loop, *parts->live, ctx,
                                                     AuditLog(AuditLog::default_path()));
  parts->actions->bind_keys();
  parts->runbooks = make_runbook_views(g, config ? &*config : nullptr, env, view, loop, *parts->live);
  view.keys().bind(
      {"d", "detail", "Show the selected resource's full document", "global", "detail"});

  LiveParts* p = parts.get();
  auto open_detail = [p, &view](int pane, const std::string& key) {
    const nlohmann::json* doc = p->live->document(pane, key);
    if (!doc) {
      view.status().show(ui::Severity::Info, "no document for the selected row");
      return ui::Outcome::Redraw;
    }
    view.show_detail(view.pane(pane).title() + ": " + key, *doc);
    return ui::Outcome::Redraw;
  };
  parts->triage = std::make_unique<TriageMenu>(view, *parts->runbooks);
  parts->triage->follow_logs = [p](const std::string& group) { p->live->follow_logs(group); };
  // Enter on a zoomed Alarms pane: the triage menu (runbook, logs, metric); else the detail.
  view.on_open = [p, open_detail](int pane, const std::string& key) {
    if (pane == kAlarmsPane) return p->triage->open(key, p->live->document(pane, key));
    return open_detail(pane, key);
  };
  view.on_unhandled = [p, &view, open_detail](const std::string& command) {
    if (command == "detail") {
      ConsoleSelection sel = view.selection();
      if (sel.key.empty()) return ui::Outcome::Handled;
      if (sel.pane >= 0) return open_detail(sel.pane, sel.key);
      if (!sel.document) {
        view.status().show(ui::Severity::Info, "no document for the selected row");
        return ui::Outcome::Redraw;
      }
      view.show_detail(view.top_screen()->title() + ": " + sel.label, *sel.document);
      return ui::Outcome::Redraw;
    }
    if (command == "deploy") {
      ConsoleSelection sel = view.selection();
      const nlohmann::json* doc = sel.pane >= 0 ? p->live->document(sel.pane, sel.key) : sel.document;
      std::string label = sel.pane == kInstancesPane ? p->live->instance_name(sel.key) : sel.label;
      return p->runbooks->deploy(sel.key, label.empty() ? sel.label : label, doc);
    }
    return p->actions->run(command);
  };
  auto previous = view.on_command;  // the app's own (themes)
  view.on_command = [p, &view, &loop, previous](const ParsedCommand& c) {
    ui::Outcome o = p->runbooks->run_command(c);
    if (o != ui::Outcome::Ignored) return o;
    o = run_palette_view(c, view, loop, *p->live);
    if (o != ui::Outcome::Ignored) return o;
    return previous ? previous(c) : ui::Outcome::Ignored;
  };
  parts->live->start();
  return parts;
}

}  // namespace opsdeck::app
