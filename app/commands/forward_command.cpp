// `opsdeck forward INSTANCE --to [HOST:]PORT [--local-port N] [--idle-timeout S] [--yes]`:
// a Session Manager port forward with opsdeck's native client, headless, until Ctrl-C or
// SIGTERM (app/ssm/native_forward.hpp). Guarded and audited as `ssm forward`.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/ssm/forward_destination.hpp"
#include "app/ssm/native_forward.hpp"
#include "app/ssm/ssm_session_command.hpp"

namespace opsdeck::app {

void add_forward_command(CLI::App& cli, CommandContext& ctx) {
  auto opts = std::make_shared<SsmSessionOptions>();
  auto to = std::make_shared<std::string>();
  auto* fwd = cli.add_subcommand(
      "forward", "Forward a local port to [HOST:]PORT through an instance (Session Manager, native)");
  fwd->add_option("instance", opts->instance, "Instance id or Name tag")->required();
  fwd->add_option("--to", *to, "PORT on the instance, or HOST:PORT as the instance sees it (e.g. an RDS endpoint)")
      ->required();
  fwd->add_option("--local-port", opts->local_port, "Local port on 127.0.0.1 (default: a free one)")
      ->check(CLI::Range(0, 65535));
  fwd->add_option("--idle-timeout", opts->idle_timeout_seconds,
                  "Close after this many seconds without traffic either way (default: never)")
      ->check(CLI::Range(0, 86400 * 7));
  fwd->add_flag("--yes", opts->yes, "Answer the production yes/no question");
  fwd->footer(
      "Prints one line per state change (open, reconnecting, failed connections) and stays up\n"
      "until Ctrl-C or SIGTERM, then terminates the session. Exit status: 0 after SIGTERM or the\n"
      "idle timeout; 130 after Ctrl-C; 5 when the guard refuses (--readonly; production without\n"
      "confirmation); 1 when the forward fails (local port busy, StartSession refused).");
  fwd->callback([&ctx, opts, to] {
    ctx.action = [&ctx, opts, to] {
      auto dest = parse_forward_destination(*to);
      if (!dest) {
        print_message("forward", UserMessage::error("--to: " + dest.error().message));
        return static_cast<int>(kExitUsage);
      }
      opts->kind = SsmSessionOptions::Kind::Forward;
      opts->native = true;
      opts->host = dest->host.empty() ? "localhost" : dest->host;
      opts->port = dest->port;
      return run_ssm_session_command(*ctx.sessions, ctx.global, *opts);
    };
  });
}

}  // namespace opsdeck::app
