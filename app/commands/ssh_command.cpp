#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_ssh_command(CLI::App& cli, CommandContext& ctx) {
  auto* sub = cli.add_subcommand("ssh", "Open a shell or run a command on a host over SSH");
  sub->add_option("host", "ssh_config alias, user@host[:port], instance id or Name")->required();
  sub->add_option("command", "Command after --");
  sub->add_flag("--accept-new-host-key")->description("Trust and record an unknown host key");
  sub->callback([&ctx] { ctx.action = [] { return not_built("ssh"); }; });
}

}  // namespace opsdeck::app
