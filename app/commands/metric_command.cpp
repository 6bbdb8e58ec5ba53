// `opsdeck metric NAMESPACE NAME [DIM=VALUE...] [--since 3h] [--stat S] [--period P]
// [--output text|json]`: one CloudWatch metric's datapoints (app/metrics/metric_headless.hpp).
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>

#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/metrics/metric_headless.hpp"

namespace opsdeck::app {

void add_metric_command(CLI::App& cli, CommandContext& ctx) {
  auto opts = std::make_shared<MetricCommandOptions>();
  auto* sub = cli.add_subcommand("metric", "Print a CloudWatch metric's datapoints (time, value)");
  sub->add_option("words", opts->words, "NAMESPACE NAME [DIM=VALUE...] [STAT] [PERIOD]")->required();
  sub->add_option("--since", opts->since, "Start: 1h, 3h, 2d, 1w or 2026-11-21T10:00 (UTC)")->default_str("3h");
  sub->add_option("--stat", opts->stat, "Average, Sum, Minimum, Maximum, SampleCount, p99 ...")
      ->default_str("Average");
  sub->add_option("--period", opts->period, "Seconds per datapoint (1, 5, 10, 30 or a multiple of 60)");
  sub->add_option("--output,-o", opts->output, "text|json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([&ctx, opts] {
    ctx.action = [&ctx, opts] {
      auto session = ctx.sessions->get(with_config_environment(ctx.global));  // --env's profile and region
      if (!session) {
        print_message(from_error(session.error()));
        return exit_code_for(session.error());
      }
      auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      return run_metric(*opts, aws::sync_caller((*session)->client()), now, stdout, stderr);
    };
  });
}

}  // namespace opsdeck::app
