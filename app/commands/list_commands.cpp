#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands/command_context.hpp"

namespace opsdeck::app {

void add_list_commands(CLI::App& cli, CommandContext& ctx) {
  for (const char* name : {"instances", "databases", "alarms", "services"}) {
    auto* sub = cli.add_subcommand(name, fmt::format("List {} (table or JSON)", name));
    sub->add_option("--output,-o", "table|json")->check(CLI::IsMember({"table", "json"}));
    sub->callback([&ctx, name] { ctx.action = [name] { return not_built(name); }; });
  }
}

}  // namespace opsdeck::app
