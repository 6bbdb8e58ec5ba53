#include "app/deploy/deployer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <future>

#include "app/action_audit.hpp"
#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/caller_identity.hpp"
#include "app/config.hpp"
#include "app/deploy/health_check.hpp"
#include "app/deploy/service_config.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/guard_scope.hpp"
#include "app/redactor.hpp"
#include "app/ssm/remote_runner_factory.hpp"
#include "aws/ecs.hpp"
#include "aws/lightsail.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

__attribute__((format(printf, 2, 3))) void say(const DeployIo& io, const char* format, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, format);
  int n = std::vsnprintf(buf, sizeof buf, format, ap);
  va_end(ap);
  if (n < 0) return;
  if (io.err) io.err(std::string_view(buf, std::min(static_cast<std::size_t>(n), sizeof buf - 1)));
}

// One message of the deploy's own ("opsdeck deploy: ..."), sanitised, as a whole line.
void tell(const DeployIo& io, const UserMessage& m) {
  if (io.err) io.err(cli_text(m, "\n", "deploy"));
}

int fail(const DeployIo& io, const aws::Error& e) {
  tell(io, from_error(e));
  return exit_code_for(e);
}

void write_out(int fd, std::string_view d) {
  while (!d.empty()) {
    auto n = ::write(fd, d.data(), d.size());
    if (n <= 0) return;
    d.remove_prefix(static_cast<size_t>(n));
  }
}

std::string where(const DeploySpec& d) {
  if (d.type == "ecs") return "ecs:" + d.cluster + "/" + d.service;
  if (d.type == "lightsail") return "lightsail:" + d.service_name;
  return d.type + ":" + d.target;
}

std::string what(const DeploySpec& d) {
  if (d.type == "ecs")
    return d.desired_count ? fmt::format("UpdateService desiredCount={}{}", *d.desired_count,
                                         d.force_new_deployment ? " forceNewDeployment" : "")
                           : "UpdateService forceNewDeployment";
  if (d.type == "lightsail") return "CreateContainerServiceDeployment " + d.container + "=" + d.image;
  return d.command;
}

// Runs an SSM or SSH deploy command, streaming its output; returns its exit code.
aws::Result<int> run_remote(const std::shared_ptr<SessionRegistry>& sessions, const GlobalOptions& g,
                            const DeploySpec& d, const DeployIo& io) {
  auto factory = make_remote_runner_factory(sessions, g);
  auto runner = factory(d.type, d.target);
  if (!runner) return runner.error();
  tell(io, UserMessage::info("running on " + (*runner)->describe_target()));
  std::promise<ssh::CommandOutcome> done;
  auto outcome = done.get_future();
  ssh::CommandCallbacks cb;
  // Remote output is shown, never interpreted: escapes and controls made visible, lines kept.
  ui::SanitizeOptions keep_lines;
  keep_lines.keep_newlines = true;
  cb.on_stdout = [keep_lines, &io](std::string_view s) {
    if (io.out) io.out(ui::sanitize_plain(s, keep_lines));
  };
  cb.on_stderr = [keep_lines, &io](std::string_view s) {
    if (io.err) io.err(ui::sanitize_plain(s, keep_lines));
  };
  cb.on_exit = [&done](const ssh::CommandOutcome& o) { done.set_value(o); };
  auto running = (*runner)->start(d.command, std::move(cb));
  auto o = outcome.get();
  if (o.error) return *o.error;
  if (!o.exit_signal.empty()) return 128 + 15;
  return o.exit_status.value_or(1);
}

aws::Result<int> run_aws(SessionRegistry& sessions, const GlobalOptions& g, const DeploySpec& d,
                         const DeployIo& io) {
  auto session = sessions.get(g);
  if (!session) return session.error();
  auto call = aws::sync_caller((*session)->client());
  if (d.type == "ecs") {
    auto svc = aws::update_service(call, d.cluster, d.service, d.desired_count, d.force_new_deployment);
    if (!svc) return svc.error();
    tell(io, UserMessage::info(fmt::format("ECS {}/{}: new deployment started (desired {}, running {})", d.cluster,
                                           d.service, svc->desired, svc->running)));
    return 0;
  }
  nlohmann::json containers = {{d.container, {{"image", d.image}}}};
  auto r = (*session)->client().call_sync(aws::create_container_service_deployment_request(d.service_name, containers));
  if (!r) return r.error();
  tell(io, UserMessage::info("Lightsail " + d.service_name + ": deployment created (" + d.image + ")"));
  return 0;
}

bool report_health(const DeployIo& io, const std::vector<HealthResult>& results, bool final_round) {
  bool all = true;
  for (const auto& h : results) {
    all = all && h.healthy;
    if (final_round || h.healthy)
      say(io, "  %s %s: %s\n", h.healthy ? "healthy  " : "UNHEALTHY", h.url.c_str(),
                   ui::sanitize_plain(h.detail).c_str());
    if (final_round && h.cert_days_left) {
      if (*h.cert_days_left < kCertWarnDays)
        say(io, "  WARNING: the TLS certificate of %s expires in %d days\n", h.url.c_str(),
                     *h.cert_days_left);
      else
        say(io, "  certificate of %s valid for %d more days\n", h.url.c_str(), *h.cert_days_left);
    }
  }
  return all;
}

}  // namespace

int run_deploy(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& g, const DeployOptions& o) {
  TerminalConfirmer confirmer;
  DeployIo io;
  io.out = [](std::string_view d) { write_out(1, d); };
  io.err = [](std::string_view d) { write_out(2, d); };
  io.confirmer = &confirmer;
  return run_deploy(std::move(sessions), g, o, io);
}

int run_deploy(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& g, const DeployOptions& o,
               const DeployIo& io) {
  auto config = load_config(g.config_path);
  if (!config) return fail(io, config.error());
  auto svc = load_service(config->path, o.service);
  if (!svc) return fail(io, svc.error());
  auto env = resolve_environment(*config, g.environment.empty() ? svc->environment : g.environment);
  if (!env) return fail(io, env.error());
  const DeploySpec& d = svc->deploy;

  // The service's own environment guards it, whatever --env says; and production follows
  // the account the credentials resolve to (guard_scope.hpp).
  // The deploy runs through the session it was guarded in.
  GlobalOptions effective = with_environment_defaults(g, *env);
  std::string caller_arn = audit_caller_arn(*sessions, effective);
  std::string profile = effective.profile, region = effective.region;
  if (auto session = sessions->get(effective); session.ok())
    profile = (*session)->profile(), region = (*session)->region();
  auto scope = resolve_guard_scope({&*config, &*env, svc->environment, profile, !g.profile.empty(),
                                    account_of_arn(caller_arn), true});
  AuditLog audit(AuditLog::default_path());
  AuditRecord rec;
  rec.caller_arn = caller_arn;
  rec.profile = profile;
  rec.region = region;
  rec.environment = scope ? scope->environment : env->name;
  rec.action = "deploy";
  rec.target = where(d);
  rec.command = Redactor().redact(what(d));
  ActionAudit action_audit(audit, rec);
  if (!scope) {
    GateDecision refused;
    refused.message = scope.error().describe();
    action_audit.refused(refused);
    tell(io, UserMessage::error(refused.message));
    return scope.error().kind == aws::ErrorKind::Usage ? kExitUsage : kExitRefused;
  }

  tell(io, UserMessage::info(fmt::format("{} ({}{}) via {}: {}", svc->name, scope->environment,
                                         scope->production ? ", PRODUCTION" : "", where(d), what(d))));
  for (const auto& why : scope->why) say(io, "  production because %s\n", why.c_str());
  // A deploy always asks: typed environment name in production, --yes or y/N elsewhere.
  ActionGate gate({g.readonly, scope->production, scope->environment, o.yes}, io.confirmer);
  GateRequest req;
  req.action = "deploy " + svc->name;
  req.target = where(d);
  req.why_not_read_only = "a deploy changes the service";
  req.destructive = true;
  req.reasons = {"deploys " + svc->name};
  auto verdict = gate.check(req);
  if (!verdict.allowed()) {
    action_audit.refused(verdict);
    tell(io, UserMessage::error(verdict.message));
    return kExitRefused;
  }
  if (auto w = action_audit.start(verdict); !w) {  // no audit, no deploy
    tell(io, UserMessage::error(audit_refusal_message(w.error())));
    return kExitError;
  }

  auto started = std::chrono::steady_clock::now();
  auto exit = (d.type == "ssm" || d.type == "ssh") ? run_remote(sessions, effective, d, io)
                                                            : run_aws(*sessions, effective, d, io);
  (void)action_audit.end(!exit ? "error: " + exit.error().code : (*exit == 0 ? "done" : "failed"),
                         exit ? *exit : 1,
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started).count());
  if (!exit) return fail(io, exit.error());
  if (*exit != 0) {
    tell(io, UserMessage::error("the deploy command failed (exit " + std::to_string(*exit) + ")"));
    return kExitError;
  }
  if (o.skip_health || svc->health_checks.empty()) {
    tell(io, UserMessage::info("done (no health checks)"));
    return kExitOk;
  }
  tell(io, UserMessage::info(fmt::format("waiting up to {}s for {} health check(s)", o.health_timeout.count(),
                                         svc->health_checks.size())));
  auto results = wait_until_healthy(svc->health_checks, o.health_timeout, o.health_interval);
  bool healthy = report_health(io, results, true);
  tell(io, healthy ? UserMessage::info("done, healthy") : UserMessage::error("deployed but NOT healthy"));
  return healthy ? kExitOk : kExitError;
}

}  // namespace opsdeck::app
