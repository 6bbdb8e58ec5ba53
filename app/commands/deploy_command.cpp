#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_deploy_command(CLI::App& cli, CommandContext& ctx) {
  auto* sub = cli.add_subcommand("deploy", "Deploy a service defined in the config");
  sub->add_option("service", "Service name")->required();
  sub->add_flag("--yes")->description("Do not ask for confirmation (never enough in production)");
  sub->callback([&ctx] { ctx.action = [] { return not_built("deploy"); }; });
}

}  // namespace opsdeck::app
