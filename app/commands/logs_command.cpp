#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/logs/interrupt_watcher.hpp"
#include "app/logs/logs_backend.hpp"
#include "app/logs/logs_headless.hpp"

namespace opsdeck::app {

void add_logs_command(CLI::App& cli, CommandContext& ctx) {
  auto opts = std::make_shared<LogsCommandOptions>();
  opts->slices = 4;
  auto* sub = cli.add_subcommand("logs", "Print or follow CloudWatch log groups");
  sub->add_option("groups", opts->groups, "Log group names")->required();
  sub->add_flag("--follow,-f", opts->follow, "Keep printing new events (Ctrl-C stops, exit 130)");
  sub->add_option("--since", opts->since,
                  "Start at now, 30s, 10m, 1h, 2d, or 2026-11-21T10:00 (UTC)")
      ->default_str("10m");
  sub->add_option("--until", opts->until, "End of a range (same forms as --since)");
  sub->add_option("--filter", opts->filter, "CloudWatch filter pattern");
  sub->add_option("--stream", opts->stream_prefix, "Only streams with this prefix");
  sub->add_option("--output,-o", opts->output, "text|json")->check(CLI::IsMember({"text", "json"}));
  sub->add_option_function<std::string>(
         "--mode",
         [opts](const std::string& m) { opts->mode = parse_follow_mode(m).value_or(FollowMode::Auto); },
         "With --follow: auto (live tail, polling where refused), live, or poll")
      ->check(CLI::IsMember({"auto", "live", "poll"}))
      ->default_str("auto");
  sub->add_option("--live-sessions", opts->live_sessions,
                  "With --follow: live tail sessions at most (10 groups each; more are polled)")
      ->default_str("5")
      ->check(CLI::Range(1, 50));
  sub->add_option("--slices", opts->slices,
                  "A dense range is read as up to this many time slices at once (1-16)")
      ->default_str("4")
      ->check(CLI::Range(1, 16));
  sub->callback([&ctx, opts] {
    ctx.action = [&ctx, opts] {
      auto backend = make_logs_backend(*ctx.sessions, with_config_environment(ctx.global));  // --env's profile and region
      if (!backend) {
        print_message(from_error(backend.error()));
        return exit_code_for(backend.error());
      }
      SystemTailClock clock;
      InterruptWatcher ctrl_c(clock);
      return run_logs(*opts, *backend->fetcher, clock, stdout, stderr, backend->live.get());
    };
  });
}

}  // namespace opsdeck::app
