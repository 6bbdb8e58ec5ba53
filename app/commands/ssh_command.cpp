// `opsdeck ssh HOST [-- COMMAND...]`: run a command (exit status = the remote one) or open
// an interactive shell. Like ssh, failures of SSH itself (unreachable, refused host key,
// authentication) exit 255 with the reason on stderr; nothing runs on a host whose key
// was refused.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "app/commands/command_context.hpp"
#include "app/commands/headless_guard.hpp"
#include "app/terminal_text.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/ssh_defaults.hpp"
#include "app/secret_prompt.hpp"
#include "app/ssh_instance_target.hpp"
#include "aws/secret_wipe.hpp"
#include "ssh/connection_probe.hpp"
#include "ssh/host_target.hpp"
#include "ssh/interactive_shell.hpp"
#include "ssh/ssh_client.hpp"
#include "widgets/terminal_restore.hpp"

namespace opsdeck::app {

namespace {

constexpr int kExitSsh = 255;  // as ssh: the connection itself failed

volatile std::sig_atomic_t g_interrupted = 0;
std::atomic<bool> g_output_closed{false};  // our stdout/stderr reader went away (EPIPE)
void on_interrupt(int) { g_interrupted = 1; }

struct SshArgs {
  std::string host;
  std::vector<std::string> command;
  bool accept_new_host_key = false;
  bool yes = false;
  bool raw = false;
};

// The gate's request for this invocation: an interactive shell can change anything; a
// command is judged on its shell syntax like a runbook step (proven read-only runs
// under --readonly; destructive needs the stronger confirmation).
GateRequest ssh_request(const SshArgs& args, const std::string& command) {
  GateRequest r;
  r.target = "ssh:" + args.host;
  if (command.empty()) {
    r.action = "open an SSH shell on " + args.host;
    r.why_not_read_only = "an interactive shell can change anything";
    return r;
  }
  return judged_command_request("run a command over SSH on " + args.host, r.target, command);
}

// Reads a line from the controlling terminal: an answer shown as typed, or a secret through
// the one no-echo prompt (app/secret_prompt.hpp), whose terminal mode is restored on every
// path, signals included. Only when we have a terminal (stdin a tty): scripts and tests get
// no prompt and a clear refusal instead. Runs on the SSH worker thread, which may block.
std::optional<std::string> ask_tty(const std::string& prompt, bool echo) {
  if (!::isatty(0)) return std::nullopt;
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> line;
  if (!echo) {
    line = read_line_no_echo(fd, fd, prompt);
  } else {
    [[maybe_unused]] auto w = ::write(fd, prompt.data(), prompt.size());
    line.emplace();
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') *line += c;
  }
  ::close(fd);
  return line;
}

void write_all(int fd, std::string_view d) {
  while (!d.empty()) {
    auto n = ::write(fd, d.data(), d.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0 && errno == EPIPE) g_output_closed = true;
      return;
    }
    d.remove_prefix(static_cast<size_t>(n));
  }
}

int report(const ssh::CommandOutcome& o) {
  if (o.error) {
    if (o.error->kind == aws::ErrorKind::Cancelled) return kExitInterrupted;
    print_message("ssh", from_error(*o.error));
    return kExitSsh;
  }
  if (!o.exit_signal.empty()) {
    print_message("ssh", UserMessage::error("remote command killed by signal " + o.exit_signal));
    return kExitSsh;
  }
  return o.exit_status.value_or(kExitSsh);
}

int run_ssh_command(const SshArgs& args, SessionRegistry& sessions, const GlobalOptions& global) {
  auto target = ssh::parse_host_target(args.host);
  if (!target) {
    print_message("ssh", from_error(target.error()));
    return kExitUsage;
  }
  std::string command;
  for (const auto& word : args.command) command += (command.empty() ? "" : " ") + word;
  HeadlessAction action;
  action.request = ssh_request(args, command);
  action.audit_action = command.empty() ? "ssh.shell" : "ssh.exec";
  action.audit_target = "ssh:" + args.host;
  action.command = command;
  action.assume_yes = args.yes;
  auto guard = guard_headless_action(sessions, global, action);
  if (!guard.allowed) {
    print_message("ssh", UserMessage::error(guard.message));
    return guard.exit_code;
  }
  auto config = load_ssh_config();
  for (const auto& w : config.warnings()) print_message("ssh", UserMessage::warning(w));
  if (wants_ec2_lookup(*target, config)) {
    auto resolved = guard.session ? resolve_instance_target(*guard.session, *target, config)
                                  : aws::Result<ssh::HostTarget>(guard.session_error);
    if (!resolved) {
      print_message("ssh", from_error(resolved.error()));
      return exit_code_for(resolved.error());
    }
    if (resolved->host != target->host)
      print_message("ssh", UserMessage::info(target->host + " is " + resolved->user + "@" + resolved->host));
    target = std::move(resolved);
  }
  auto host = ssh::resolve_host_target(*target, config);
  auto options = ssh_client_options(host);
  options.accept_new_host_key = args.accept_new_host_key;
  // Ask only when there is a terminal to ask on; otherwise an unknown key is refused with
  // the hint to pass --accept-new-host-key.
  if (::isatty(0))
    options.on_unknown_host_key = [](const ssh::HostKeyPrompt& p, std::function<void(bool)> answer) {
    auto reply = ask_tty(fmt::format("The authenticity of host '{}' can't be established.\n{} key fingerprint is {}.\n"
                                     "Are you sure you want to continue connecting (yes/no)? ",
                                     p.host, p.key.type, p.fingerprint),
                         true);
    answer(reply && *reply == "yes");
  };
  options.passphrase_prompt = [](const std::string& path, std::function<void(std::optional<std::string>)> answer) {
    auto passphrase = ask_tty("Enter passphrase for key '" + neutralise_text(path) + "': ", false);
    answer(std::move(passphrase));
    aws::wipe(passphrase);  // what the move left behind
  };
  ssh::SshClient client(std::move(options));

  if (args.command.empty()) {
    // Registered before the shell puts the terminal in raw mode: SIGTERM/SIGHUP/SIGINT/
    // SIGQUIT and an internal error put it back before the process ends.
    ui::TerminalRestoreScope restore(STDIN_FILENO);
    // Connect and authenticate first, while the terminal is still cooked: host-key and
    // passphrase questions are read from it here, never from the raw shell relay. The
    // shell then runs on the same pooled connection.
    auto connected = std::make_shared<std::promise<std::optional<aws::Error>>>();
    auto probe_result = connected->get_future();
    client.submit(host, std::make_shared<ssh::ConnectionProbe>(
                            [connected](std::optional<aws::Error> e) { connected->set_value(std::move(e)); }));
    if (auto e = probe_result.get()) {
      ssh::CommandOutcome failed;
      failed.error = std::move(*e);
      int rc = report(failed);
      (void)guard.audit->end("failed", rc);
      return rc;
    }
    int rc = report(ssh::run_interactive_shell(client, host));
    (void)guard.audit->end(rc == 0 ? "done" : "failed", rc);
    return rc;
  }

  std::signal(SIGPIPE, SIG_IGN);
  auto prev_int = std::signal(SIGINT, on_interrupt);
  auto prev_term = std::signal(SIGTERM, on_interrupt);
  g_interrupted = 0;
  g_output_closed = false;

  std::promise<ssh::CommandOutcome> done;
  auto result = done.get_future();
  ssh::CommandCallbacks cb;
  // Blocking writes on the worker thread: a slow reader of our stdout holds the remote
  // command back through the SSH window instead of filling memory.
  auto out_filter = std::make_shared<StreamNeutraliser>();
  auto err_filter = std::make_shared<StreamNeutraliser>();
  const bool raw_out = output_mode_for(args.raw, 1) == OutputMode::Raw;
  const bool raw_err = output_mode_for(args.raw, 2) == OutputMode::Raw;
  cb.on_stdout = [out_filter, raw_out](std::string_view d) { write_all(1, raw_out ? std::string(d) : out_filter->feed(d)); };
  cb.on_stderr = [err_filter, raw_err](std::string_view d) { write_all(2, raw_err ? std::string(d) : err_filter->feed(d)); };
  cb.on_exit = [&done](const ssh::CommandOutcome& o) { done.set_value(o); };
  auto run = client.exec(host, command, std::move(cb));
  bool cancelled = false;
  while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if ((g_interrupted || g_output_closed) && !cancelled) {
      run->cancel();  // Ctrl-C, or `| head` closed the pipe: stop the remote command
      cancelled = true;
    }
  }
  std::signal(SIGINT, prev_int);
  std::signal(SIGTERM, prev_term);
  auto outcome = result.get();
  write_all(1, out_filter->finish());
  write_all(2, err_filter->finish());
  int rc = g_output_closed && !g_interrupted ? 128 + SIGPIPE : report(outcome);  // as a shell reports it
  (void)guard.audit->end(cancelled ? "cancelled" : rc == 0 ? "done" : "failed", rc);
  return rc;
}

}  // namespace

void add_ssh_command(CLI::App& cli, CommandContext& ctx) {
  auto args = std::make_shared<SshArgs>();
  auto* sub = cli.add_subcommand("ssh", "Open a shell or run a command on a host over SSH");
  sub->add_option("host", args->host, "ssh_config alias, user@host[:port], instance id or Name")->required();
  sub->add_option("command", args->command, "Command after --");
  sub->add_flag("--accept-new-host-key", args->accept_new_host_key, "Trust and record an unknown host key");
  sub->add_flag("--yes", args->yes, "Answer the production yes/no question (never a typed name)");
  sub->add_flag("--raw", args->raw, "Remote output as raw bytes when not a terminal (for pipes)");
  sub->footer(
      "Exit status: the remote command's; 255 when SSH itself fails (unreachable, host key refused,\n"
      "authentication), as with ssh; 5 when the guard refuses (--readonly and the command is not\n"
      "proven read-only; production without confirmation). Environment: OPSDECK_SSH_CONFIG, OPSDECK_KNOWN_HOSTS, SSH_AUTH_SOCK.");
  sub->callback([&ctx, args] { ctx.action = [args, &ctx] { return run_ssh_command(*args, *ctx.sessions, ctx.global); }; });
}

}  // namespace opsdeck::app
