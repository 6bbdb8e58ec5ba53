#include "app/ssm/ssm_run.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <future>

#include "app/commands/headless_guard.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/terminal_text.hpp"
#include "aws/granted_caller.hpp"
#include "app/ssm/instance_lookup.hpp"
#include "ssh/ssm_command_runner.hpp"

namespace opsdeck::app {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_interrupt(int) { g_interrupted = 1; }

void write_all(int fd, std::string_view d) {
  while (!d.empty()) {
    auto n = ::write(fd, d.data(), d.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    d.remove_prefix(static_cast<size_t>(n));
  }
}

int fail(const aws::Error& e) {
  print_message("ssm run", from_error(e));
  return exit_code_for(e);
}

}  // namespace

int run_ssm_run(SessionRegistry& sessions, const GlobalOptions& global, const SsmRunOptions& o) {
  std::string command;
  for (const auto& w : o.command) command += (command.empty() ? "" : " ") + w;
  if (command.empty()) {
    print_message("ssm run", UserMessage::error("no command given", "opsdeck ssm run INSTANCE -- COMMAND..."));
    return kExitUsage;
  }
  GateRequest request =
      judged_command_request("run a command through SSM on " + o.instance, "ssm:" + o.instance, command);
  HeadlessAction action{request, "ssm.run", "ssm:" + o.instance, command, "", o.yes};
  auto guard = guard_headless_action(sessions, global, action);
  if (!guard.allowed) {
    print_message("ssm run", UserMessage::error(guard.message));
    return guard.exit_code;
  }
  auto fail_started = [&guard](const aws::Error& e) {
    (void)guard.audit->end("error: " + e.describe());
    return fail(e);
  };
  if (!guard.session) return fail_started(guard.session_error);
  auto call = aws::sync_caller(guard.session->client());
  if (global.readonly && guard.decision.read_only)  // the gate proved the command read-only
    call = aws::grant_once(aws::grant_once(call, {"ssm:SendCommand", "the command is proven read-only"}),
                           {"ssm:CancelCommand", "cancels a proven read-only command"});
  aws::SsmCommandTarget target = ssh::parse_ssm_target(o.instance);
  if (!target.tag_key.empty() && target.tag_key == "tag:Name" && o.instance.rfind("tag:", 0) != 0) {
    auto id = resolve_instance(call, o.instance);
    if (!id) return fail_started(id.error());
    target = ssh::parse_ssm_target(*id);
  }
  ssh::SsmRunnerOptions ro;
  ro.timeout = std::chrono::seconds(o.timeout_seconds);
  ro.comment = "opsdeck ssm run";
  ssh::SsmCommandRunner runner(call, target, ro);

  std::promise<ssh::CommandOutcome> done;
  auto result = done.get_future();
  ssh::CommandCallbacks cb;
  auto out_filter = std::make_shared<StreamNeutraliser>();
  auto err_filter = std::make_shared<StreamNeutraliser>();
  const bool raw_out = output_mode_for(o.raw, 1) == OutputMode::Raw;
  const bool raw_err = output_mode_for(o.raw, 2) == OutputMode::Raw;
  cb.on_stdout = [out_filter, raw_out](std::string_view d) { write_all(1, raw_out ? std::string(d) : out_filter->feed(d)); };
  cb.on_stderr = [err_filter, raw_err](std::string_view d) { write_all(2, raw_err ? std::string(d) : err_filter->feed(d)); };
  cb.on_exit = [&done](const ssh::CommandOutcome& out) { done.set_value(out); };
  std::signal(SIGPIPE, SIG_IGN);
  g_interrupted = 0;
  auto prev_int = std::signal(SIGINT, on_interrupt);
  auto prev_term = std::signal(SIGTERM, on_interrupt);
  auto run = runner.start(command, std::move(cb));
  bool cancelled = false;
  while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (g_interrupted && !cancelled) {
      run->cancel();
      cancelled = true;
    }
  }
  std::signal(SIGINT, prev_int);
  std::signal(SIGTERM, prev_term);
  auto outcome = result.get();
  write_all(1, out_filter->finish());
  write_all(2, err_filter->finish());
  (void)guard.audit->end(outcome.error ? "error: " + outcome.error->describe()
                         : outcome.exit_status && *outcome.exit_status == 0 ? "done" : "failed",
                         outcome.exit_status);
  if (outcome.error) {
    if (outcome.error->kind == aws::ErrorKind::Cancelled && cancelled) {
      print_message("ssm run", UserMessage::error("interrupted; the command was cancelled"));
      return kExitInterrupted;
    }
    print_message("ssm run", from_error(*outcome.error));
    int code = exit_code_for(*outcome.error);
    return code == kExitOk ? kExitError : code;
  }
  if (!outcome.exit_status) {
    print_message("ssm run", UserMessage::error("the command ended without an exit code"));
    return kExitError;
  }
  if (*outcome.exit_status != 0)
    print_message("ssm run", UserMessage::error("command failed on " + runner.describe_target() + " with exit code " +
                                                std::to_string(*outcome.exit_status)));
  return *outcome.exit_status;
}

}  // namespace opsdeck::app
