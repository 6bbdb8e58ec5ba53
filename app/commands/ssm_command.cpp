#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_ssm_command(CLI::App& cli, CommandContext& ctx) {
  auto* ssm = cli.add_subcommand("ssm", "AWS Systems Manager commands");
  ssm->require_subcommand(1);
  auto* run = ssm->add_subcommand("run", "Run a shell command on an instance through SSM");
  run->add_option("instance", "Instance id or Name tag")->required();
  run->add_option("command", "Command after --")->required();
  run->callback([&ctx] { ctx.action = [] { return not_built("ssm run"); }; });
}

}  // namespace opsdeck::app
