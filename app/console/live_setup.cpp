#include "app/console/live_setup.hpp"

#include "app/config.hpp"
#include "app/fleet/fleet_selection.hpp"
#include "app/console/metric_views.hpp"
#include "app/console/palette_views.hpp"
#include "app/console/screens/alarm_detail_screen.hpp"
#include "app/console/resource_guard.hpp"
#include "app/console/runbook_setup.hpp"
#include "app/guard_scope.hpp"
#include "app/console/status_message.hpp"
#include "aws/json_fields.hpp"
#include "widgets/clipboard.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

std::unique_ptr<LiveParts> start_live(const GlobalOptions& options, ConsoleView& view, ui::EventLoop& loop,
                                      ShellLauncher::Suspend suspend, ForwardRegistry* forwards) {
  auto parts = std::make_unique<LiveParts>();
  parts->forwards = forwards;
  GlobalOptions g = options;
  EnvironmentConfig env;
  std::string config_path;
  auto config = load_config(options.config_path);
  if (!config) {
    show_message(view.status(), from_error(config.error()));
  } else {
    config_path = config->path;
    // An explicit profile without --env picks the environment that uses it (when exactly
    // one does): `--profile prod` or `:profile prod` is the prod environment, guard included.
    std::string wanted = options.environment;
    if (wanted.empty() && !options.profile.empty()) {
      int matches = 0;
      for (const auto& [name, e] : config->environments)
        if (e.profile == options.profile) wanted = name, ++matches;
      if (matches != 1) wanted.clear();
    }
    aws::Result<EnvironmentConfig> e = resolve_environment(*config, wanted);
    if (!options.member.empty() && wanted.empty()) {  // a fleet member of its own
      e = EnvironmentConfig{};
      e->name = options.member;
    }
    if (e) {
      env = *e;
      if (options.member_production) env.production = true;
      if (!options.member_account_id.empty() && env.account_id.empty()) env.account_id = options.member_account_id;
      if (!config->environments.empty() || !options.environment.empty() || !options.member.empty()) {
        view.header().environment = env.name;
        view.header().production = env.production;
      }
      if (g.profile.empty()) g.profile = env.profile;
      if (g.region.empty()) g.region = env.region;
      if (g.endpoint_url.empty()) g.endpoint_url = env.endpoint_url;
    } else {
      show_message(view.status(), from_error(e.error()));
    }
  }
  auto settings = load_console_settings(config_path);
  if (!settings) {
    show_message(view.status(), from_error(settings.error()));
    settings = ConsoleSettings{};
  }
  // Key overrides from the config, after every binding is in place (actions bind theirs
  // below, so apply_key_overrides runs again at the end).
  auto apply_key_overrides = [&view, keys = settings->keys] {
    for (const auto& [command, k] : keys) {
      std::string problem = view.commands().rebind(command, k);
      if (!problem.empty()) view.status().show(ui::Severity::Warn, "config keys: " + problem);
    }
  };
  parts->mfa = std::make_shared<MfaPrompt>(loop);
  parts->sessions = std::make_shared<SessionRegistry>(parts->mfa->prompt());
  auto opened = parts->sessions->get(g);
  if (!opened) {
    apply_key_overrides();
    UserMessage m = from_error(opened.error());
    show_message(view.status(), m);
    // Commands of an earlier session (before `:region` / `:profile`) say why, not act.
    view.commands().replace_session_handlers([&view, m] {
      show_message(view.status(), m);
      return ui::Outcome::Redraw;
    });
    // Nothing will fill the panes: the first one says why, with what to do about it.
    view.pane(kInstancesPane).table().set_empty_text(m.line());
    return parts;
  }
  std::shared_ptr<Session> session = *opened;
  view.header().profile = session->profile();
  view.header().region = session->region();
  // Production follows the profile and the account, not only the environment's name
  // (guard_scope.hpp); the account is checked again by each gate once it is known.
  if (config) {
    auto scope = resolve_guard_scope({&*config, &env, "", session->profile(), !options.profile.empty(), "", false});
    if (scope && scope->production && !env.production) {
      env.production = true;
      env.name = scope->environment;
      view.header().environment = env.name;
      view.header().production = true;
      for (const auto& why : scope->why) view.status().show(ui::Severity::Warn, "production: " + why);
    }
  }
  std::string log_group;
  if (auto it = env.vars.find("LOG_GROUP"); it != env.vars.end()) log_group = it->second;

  ShellSettings shell_settings = settings->shell;  // before the settings move into the console
  if (config) shell_settings.ssm_plugin = config->ssm.client == SsmSettings::Client::Plugin;
  parts->live =
      std::make_unique<LiveConsole>(view, loop, session, std::move(*settings), log_group);
  ActionContext ctx{env.name, env.production, options.readonly, {}, {}};
  std::function<aws::Result<GuardScope>()> scope_now;
  if (config) {
    ctx.resource_guard = make_resource_guard(*config);
    scope_now = [cfg = *config, env, profile = session->profile(), explicit_profile = !g.profile.empty(),
                 session]() {
      std::string arn = session->caller_arn_if_known();
      return resolve_guard_scope({&cfg, &env, "", profile, explicit_profile, account_of_arn(arn), true});
    };
    ctx.account_guard = [scope_now]() -> aws::Result<ResourceGuard> {
      auto s = scope_now();
      if (!s) return s.error();
      return ResourceGuard{s->environment, s->production};
    };
  }
  add_palette_views(view, loop, *parts->live);
  add_metric_views(view, loop, *parts->live);
  parts->actions = std::make_unique<ResourceActions>(view, loop, *parts->live, ctx,
                                                     AuditLog(AuditLog::default_path()));
  parts->actions->add_commands();
  ShellContext shell_ctx{env.name, env.production, options.readonly, {}};
  if (scope_now)
    shell_ctx.account_guard = [scope_now]() -> aws::Result<std::pair<std::string, bool>> {
      auto s = scope_now();
      if (!s) return s.error();
      return std::pair<std::string, bool>{s->environment, s->production};
    };
  parts->shell = std::make_unique<ShellLauncher>(view, loop, *parts->live, shell_ctx, shell_settings,
                                                 std::move(suspend), AuditLog(AuditLog::default_path()));
  parts->shell->add_commands();
  if (forwards) {
    parts->forward = std::make_unique<ForwardLauncher>(view, loop, *parts->live, shell_ctx, shell_settings,
                                                       config ? config->ssm.bastion : std::string(), *forwards,
                                                       AuditLog(AuditLog::default_path()));
    parts->forward->add_commands();
  }
  parts->runbooks = make_runbook_views(parts->sessions, g, config ? &*config : nullptr, env, view, loop, *parts->live);

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
  parts->triage->on_metric = [p, &view, &loop](const std::string& alarm, const nlohmann::json&) {
    open_alarm_detail(view, loop, p->live->client(), alarm);
    return ui::Outcome::Redraw;
  };
  // Enter on a zoomed pane: an alarm opens the triage menu (runbook, logs, metric detail),
  // the Logs pane the full-screen log view, other rows their document.
  view.on_open = [p, open_detail](int pane, const std::string& key) {
    if (pane == kLogsPane) return p->live->open_log_screen();
    if (pane == kAlarmsPane) return p->triage->open(key, p->live->document(pane, key));
    return open_detail(pane, key);
  };
  ConsoleCommand deploy{"deploy", {"D"}, "Deploy the selected resource's configured service", "global", "deploy",
                       [p, &view](const std::string&) {
                         ConsoleSelection sel = view.selection();
                         const nlohmann::json* doc =
                             sel.pane >= 0 ? p->live->document(sel.pane, sel.key) : sel.document;
                         // A service is matched to its resource by name (an instance's Name tag).
                         const Resource* r = p->live->resource(sel.pane, sel.key);
                         std::string name = r ? field_text(*r, "name") : "";
                         return p->runbooks->deploy(r ? r->id : sel.key, name.empty() ? sel.label : name, doc);
                       },
                       CommandNeeds::Session};
  deploy.held_after_close = true;
  view.commands().add(std::move(deploy));
  view.commands().add({"detail", {"d"}, "Show the selected resource's full document", "global", "detail",
                       [&view, open_detail](const std::string&) {
                         ConsoleSelection sel = view.selection();
                         if (sel.key.empty()) return ui::Outcome::Handled;
                         if (sel.pane >= 0) return open_detail(sel.pane, sel.key);
                         if (!sel.document) {
                           view.status().show(ui::Severity::Info, "no document for the selected row");
                           return ui::Outcome::Redraw;
                         }
                         view.show_detail(view.top_screen()->title() + ": " + sel.label, *sel.document);
                         return ui::Outcome::Redraw;
                       },
                       CommandNeeds::Session});
  // `y` / `Y`: the selected id (a log line's text on the Logs pane) / its ARN, through
  // the terminal's clipboard.
  auto copy = [&view](const std::string& what, const std::string& text) {
    if (text.empty()) {
      view.status().show(ui::Severity::Info, "nothing to copy: the selected row has no " + what);
    } else if (!view.on_copy) {
      view.status().show(ui::Severity::Warn, "no terminal clipboard here");
    } else if (text.size() > ui::kClipboardMaxBytes) {
      view.status().show(ui::Severity::Warn, what + " is too long for the terminal clipboard");
    } else {
      view.on_copy(text);
      view.status().show(ui::Severity::Info, "copied " + what + " " + ui::sanitize_plain(text.substr(0, 60)) +
                                                 (text.size() > 60 ? "…" : "") +
                                                 " (OSC 52: the terminal must allow clipboard writes)");
    }
    return ui::Outcome::Redraw;
  };
  view.commands().add({"copy", {"y"}, "Copy the selected id to the clipboard (a log line on the Logs pane)",
                       "global", "copy",
                       [p, &view, copy](const std::string&) {
                         ConsoleSelection sel = view.selection();
                         if (sel.key.empty()) return ui::Outcome::Handled;
                         if (sel.pane < 0) return copy("id", view.top_screen()->selected_id());
                         if (sel.pane == kLogsPane) {
                           const nlohmann::json* doc = p->live->document(sel.pane, sel.key);
                           return copy("line", doc ? aws::jstr(*doc, "message") : std::string());
                         }
                         const Resource* r = p->live->resource(sel.pane, sel.key);
                         return copy("id", r ? r->id : sel.key);
                       },
                       CommandNeeds::Session});
  view.commands().add({"copy-arn", {"Y"}, "Copy the selected resource's ARN to the clipboard", "global", "",
                       [p, &view, copy](const std::string&) {
                         ConsoleSelection sel = view.selection();
                         const nlohmann::json* doc =
                             sel.pane >= 0 ? p->live->document(sel.pane, sel.key) : sel.document;
                         return copy("ARN", doc ? resource_arn(*doc) : std::string());
                       },
                       CommandNeeds::Session});
  view.commands().add({"logs-screen", {"L"}, "Full-screen log view (pause, search, filters, save)", "global",
                       "logs", [p](const std::string&) { return p->live->open_log_screen(); }, CommandNeeds::Session});
  apply_key_overrides();
  parts->live->start();
  return parts;
}

std::unique_ptr<LiveParts> start_fleet(const GlobalOptions& options, ConsoleView& view, ui::EventLoop& loop) {
  auto parts = std::make_unique<LiveParts>();
  view.header().fleet = options.fleet;
  view.header().account.clear();
  auto refuse = [&view](const UserMessage& m) {
    show_message(view.status(), m);
    view.pane(kInstancesPane).table().set_empty_text(m.line());
  };
  auto config = load_config(options.config_path);
  if (!config) {
    refuse(from_error(config.error()));
    return parts;
  }
  auto fleet = resolve_fleet(*config, {options.fleet, "", ""}, options);
  if (!fleet) {
    refuse(from_error(fleet.error()));
    return parts;
  }
  auto settings = load_console_settings(config->path);
  if (!settings) {
    show_message(view.status(), from_error(settings.error()));
    settings = ConsoleSettings{};
  }
  parts->mfa = std::make_shared<MfaPrompt>(loop);
  parts->sessions = std::make_shared<SessionRegistry>(parts->mfa->prompt());
  GlobalOptions base = options;
  base.fleet.clear();
  auto members = open_fleet(*fleet, base, *parts->sessions);
  // A fleet row is acted on in its own member's console: its session, its guard.
  view.commands().replace_session_handlers([&view] {
    view.status().show(ui::Severity::Info,
                       "fleet view: Enter on a row opens it in its own account and region (its session and "
                       "guard), where it can be acted on; :fleet comes back");
    return ui::Outcome::Redraw;
  });
  parts->fleet = std::make_unique<FleetConsole>(view, loop, *fleet, std::move(members), *settings);
  parts->fleet->start();
  return parts;
}

}  // namespace opsdeck::app
