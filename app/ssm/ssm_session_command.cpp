#include "app/ssm/ssm_session_command.hpp"

#include <unistd.h>

#include <cstdio>

#include "app/commands/headless_guard.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/ssm/instance_lookup.hpp"
#include "app/ssm/native_forward.hpp"
#include "aws/service.hpp"
#include "app/ssm/session_context.hpp"
#include "ssh/ssm/session_start.hpp"
#include "ssh/ssm_session_plugin.hpp"
#include "widgets/terminal_restore.hpp"

namespace opsdeck::app {

namespace {

int fail(const aws::Error& e) {
  print_message("ssm", from_error(e));
  return exit_code_for(e);
}

}  // namespace

int run_ssm_session_command(SessionRegistry& sessions, const GlobalOptions& global,
                            const SsmSessionOptions& o) {
  using Kind = SsmSessionOptions::Kind;
  const char* what = o.kind == Kind::Shell ? "ssm:StartSession opens a shell on the instance"
                     : o.kind == Kind::Forward
                         ? "ssm:StartSession opens a port forward through the instance"
                         : "ecs:ExecuteCommand opens a shell in the task";
  GateRequest gate_request;
  gate_request.action = o.kind == Kind::Shell     ? "open an SSM shell on " + o.instance
                   : o.kind == Kind::Forward ? "forward local port " + std::to_string(o.local_port) + " to " +
                                                   o.host + ":" + std::to_string(o.port) + " through " + o.instance
                                             : "ECS Exec into task " + o.cluster + "/" + o.task;
  gate_request.why_not_read_only = what;
  if (o.kind == Kind::EcsExec) gate_request.details.push_back("$ " + o.command);
  std::string target = o.kind == Kind::EcsExec ? "ecs:" + o.cluster + "/" + o.task : "ssm:" + o.instance;
  HeadlessAction action{gate_request,
                        o.kind == Kind::Shell ? "ssm.session" : o.kind == Kind::Forward ? "ssm.forward" : "ecs.exec",
                        target, o.kind == Kind::EcsExec ? o.command : gate_request.action, "", o.yes};
  auto guard = guard_headless_action(sessions, global, action);
  if (!guard.allowed) {
    print_message("ssm", UserMessage::error(guard.message));
    return guard.exit_code;
  }
  auto fail_started = [&guard](const aws::Error& e) {
    (void)guard.audit->end("error: " + e.describe());
    return fail(e);
  };
  auto config = load_config(global.config_path);
  if (!config) return fail_started(config.error());
  if (!guard.session) return fail_started(guard.session_error);
  const Session& session = *guard.session;
  auto call = aws::sync_caller(session.client());
  ssh::SessionContext context = session_context(session, *config);
  const bool plugin = context.client == ssh::SessionContext::Client::Plugin && !(o.kind == Kind::Forward && o.native);
  if (plugin && !ssh::find_session_plugin()) return fail_started(ssh::missing_plugin_error());
  aws::Result<int> rc = 0;
  // The session puts the terminal in raw mode. Registered first, so that when opsdeck is
  // told to end (SIGTERM/SIGHUP; forwarded to the plugin first when there is one) or fails
  // internally the terminal is put back as it was before the session.
  ui::TerminalRestoreScope restore(STDIN_FILENO);
  if (o.kind == Kind::EcsExec) {
    rc = ssh::ssm::open_ecs_exec(call, o.cluster, o.task, o.container, o.command, context);
  } else {
    auto id = resolve_instance(call, o.instance);
    if (!id) return fail_started(id.error());
    ssh::SessionRequest request;
    if (o.kind == Kind::Forward && !plugin) {
      ssh::ssm::PortForwardSpec spec;
      spec.target = *id;
      spec.remote_host = o.host == "localhost" ? std::string() : o.host;
      spec.remote_port = o.port;
      spec.local_port = o.local_port;
      spec.idle_timeout = std::chrono::seconds(o.idle_timeout_seconds);
      rc = run_native_forward(call, spec);
      (void)guard.audit->end(!rc                          ? "error: " + rc.error().describe()
                             : *rc == kExitInterrupted ? "cancelled"
                                                         : "done",
                             rc ? std::optional<int>(*rc) : std::nullopt);
      if (!rc) return fail(rc.error());
      return *rc;
    }
    if (o.kind == Kind::Forward) {
      request = ssh::port_forward_request(*id, o.host, o.port, o.local_port);
    } else {
      request.target = *id;
    }
    rc = o.kind == Kind::Forward ? ssh::run_ssm_session(call, request, context)
                                 : ssh::ssm::open_ssm_shell(call, request, context);
  }
  (void)guard.audit->end(!rc ? "error: " + rc.error().describe() : *rc == 0 ? "done" : "failed",
                         rc ? std::optional<int>(*rc) : std::nullopt);
  if (!rc) return fail(rc.error());
  return *rc;
}

}  // namespace opsdeck::app
