#include "app/commands/headless_guard.hpp"

#include "app/caller_identity.hpp"
#include "app/config.hpp"
#include "app/exit_codes.hpp"
#include "app/guard_scope.hpp"
#include "app/runbook/shell_judge.hpp"

namespace opsdeck::app {

GateRequest judged_command_request(std::string action, std::string target, const std::string& command) {
  GateRequest r;
  r.action = std::move(action);
  r.target = std::move(target);
  r.details.push_back("$ " + command);
  auto judged = runbook::judge_shell(command, {}, runbook::DestructivePatterns());
  r.changes_something = !judged.read_only();
  r.why_not_read_only = judged.unproven;
  r.destructive = !judged.destructive.empty();
  r.reasons = judged.destructive;
  return r;
}

HeadlessGuard guard_headless_action(SessionRegistry& sessions, const GlobalOptions& g,
                                    const HeadlessAction& a) {
  HeadlessGuard out;
  auto config = load_config(g.config_path);
  if (!config) {
    out.exit_code = kExitUsage;
    out.message = config.error().describe();
    return out;
  }
  auto env = resolve_environment(*config, g.environment);
  if (!env) {
    out.exit_code = kExitUsage;
    out.message = env.error().describe();
    return out;
  }
  GlobalOptions effective = with_environment_defaults(g, *env);
  std::string arn;
  std::string profile = effective.profile, region = effective.region;
  if (auto session = sessions.get(effective); session.ok()) {
    out.session = *session;
    arn = out.session->caller_arn();
    profile = out.session->profile();
    region = out.session->region();
  } else {
    out.session_error = session.error();
  }
  auto scope = resolve_guard_scope({&*config, &*env, a.resource_environment, profile, !g.profile.empty(),
                                    account_of_arn(arn), true});

  AuditRecord base;
  base.caller_arn = arn;
  base.profile = profile;
  base.region = region;
  base.environment = scope ? scope->environment : env->name;
  base.action = a.audit_action;
  base.target = a.audit_target;
  base.command = a.command;
  out.log = std::make_unique<AuditLog>(AuditLog::default_path());
  out.audit = std::make_unique<ActionAudit>(*out.log, base);
  if (!scope) {
    out.exit_code = scope.error().kind == aws::ErrorKind::Usage ? kExitUsage : kExitRefused;
    out.message = scope.error().describe();
    out.decision.message = out.message;
    out.audit->refused(out.decision);
    return out;
  }
  out.environment = scope->environment;
  out.production = scope->production;

  TerminalConfirmer terminal;
  ActionGate gate({g.readonly, scope->production, scope->environment, a.assume_yes}, &terminal);
  out.decision = gate.check(a.request);
  if (!out.decision.allowed()) {
    out.exit_code = kExitRefused;
    out.message = out.decision.message;
    for (const auto& why : scope->why) out.message += " (production because " + why + ")";
    out.audit->refused(out.decision);
    return out;
  }
  if (auto started = out.audit->start(out.decision); !started.ok()) {
    out.exit_code = kExitError;
    out.message = audit_refusal_message(started.error());
    return out;
  }
  out.allowed = true;
  return out;
}

}  // namespace opsdeck::app
