#include "app/console/runbook_setup.hpp"

#include "app/audit_log.hpp"
#include "app/guard_scope.hpp"
#include "app/runbook/step_aws_env.hpp"
#include "app/ssm/ecs_exec_step_target.hpp"
#include "app/ssm/remote_runner_factory.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

std::unique_ptr<RunbookViews> make_runbook_views(std::shared_ptr<SessionRegistry> sessions,
                                                 const GlobalOptions& g, const Config* config,
                                                 const EnvironmentConfig& env, ConsoleView& view,
                                                 ui::EventLoop& loop, LiveConsole& live) {
  RunbookContext ctx;
  ctx.environment = env.name.empty() ? "default" : env.name;
  ctx.production = env.production;
  ctx.readonly = g.readonly;
  const Session& session = *live.session();
  ctx.profile = session.profile();
  ctx.region = session.region();
  ctx.caller_arn = [session = live.session()] { return session->caller_arn_if_known(); };
  ctx.state_dir = state_directory();
  ctx.audit_path = AuditLog::default_path();
  ctx.config_env = env.vars;
  ctx.remote = make_remote_runner_factory(sessions, g);
  ctx.ecs = make_ecs_target_factory(sessions, g);
  ctx.remote_granted = [sessions, g](const std::string& why) { return make_remote_runner_factory(sessions, g, why); };
  ctx.ecs_granted = [sessions, g](const std::string& why) { return make_ecs_target_factory(sessions, g, why); };
  RunbookCatalog catalog;
  std::vector<std::string> patterns;
  ctx.aws_env = runbook::step_aws_environment(
      {ctx.profile, !g.profile.empty(), ctx.region, session.endpoint_url()});
  if (config) {
    ctx.config_all = config->runbooks.vars;
    ctx.secret_names = config->runbooks.secret_names;
    ctx.guard_scope = [cfg = *config, env, profile = ctx.profile, explicit_profile = !g.profile.empty(),
                       session = live.session()]() -> aws::Result<GuardScope> {
      std::string arn = session->caller_arn_if_known();
      return resolve_guard_scope({&cfg, &env, "", profile, explicit_profile, account_of_arn(arn), true});
    };
    patterns = config->runbooks.destructive_patterns;
    auto c = load_runbook_catalog(config->path);
    if (c)
      catalog = std::move(*c);
    else
      view.status().show(ui::Severity::Error, "runbooks: " + ui::sanitize_plain(c.error().describe()));
  }
  auto views = std::make_unique<RunbookViews>(view, loop, std::move(ctx), std::move(catalog), patterns);
  views->add_commands();
  views->set_sessions(std::move(sessions), g);
  return views;
}

}  // namespace opsdeck::app
