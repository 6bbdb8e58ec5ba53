#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_runbook_command(CLI::App& cli, CommandContext& ctx) {
  auto* sub = cli.add_subcommand("runbook", "List or run the steps of a Markdown runbook");
  sub->add_option("file", "Runbook file")->required();
  sub->add_flag("--list")->description("List steps");
  sub->add_option("--step", "Run step N");
  sub->add_option("--var", "K=V")->allow_extra_args(false);
  sub->add_option("--target", "local|ssm:ID|ssh:HOST");
  sub->add_flag("--dry-run")->description("Show what would run");
  sub->add_flag("--yes")->description("Do not ask for confirmation (never enough in production)");
  sub->add_option("--output,-o", "text|json");
  sub->callback([&ctx] { ctx.action = [] { return not_built("runbook"); }; });
}

}  // namespace opsdeck::app
