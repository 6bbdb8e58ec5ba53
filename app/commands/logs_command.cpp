#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_logs_command(CLI::App& cli, CommandContext& ctx) {
  auto* sub = cli.add_subcommand("logs", "Print or follow CloudWatch log groups");
  sub->add_option("groups", "Log group names")->required();
  sub->add_flag("--follow,-f")->description("Keep printing new events");
  sub->add_option("--since", "Start at 10m, 1h, or 2026-11-21T10:00");
  sub->add_option("--filter", "CloudWatch filter pattern");
  sub->add_option("--stream", "Only streams with this prefix");
  sub->add_option("--output,-o", "text|json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([&ctx] { ctx.action = [] { return not_built("logs"); }; });
}

}  // namespace opsdeck::app
