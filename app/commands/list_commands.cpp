// `opsdeck LIST [--output table|json]`, one command per resource list that stands on its own
// (app/resources/resource_lists.hpp): instances, databases, alarms, services, clusters,
// lightsail, queues, parameters, secrets.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/list_runner.hpp"
#include "app/message_printer.hpp"
#include "app/resources/resource_lists.hpp"

namespace opsdeck::app {

namespace {

int run_list_command(const std::string& kind, const std::string& output, SessionRegistry& sessions,
                     const GlobalOptions& global) {
  auto session = sessions.get(with_config_environment(global));  // --env's profile and region
  if (!session) {
    print_message(from_error(session.error()));
    return exit_code_for(session.error());
  }
  auto outcome = run_list(kind, output, aws::async_caller((*session)->client()));
  std::fputs(outcome.out.c_str(), stdout);
  std::fflush(stdout);
  std::fputs(outcome.err.c_str(), stderr);
  return outcome.exit_code;
}

}  // namespace

void add_list_commands(CLI::App& cli, CommandContext& ctx) {
  for (const ResourceList* list : resource_lists()) {
    if (list->needs_parent) continue;
    std::string name = list->name;
    auto* sub = cli.add_subcommand(name, fmt::format("List {} (table or JSON)", name));
    auto output = std::make_shared<std::string>("table");
    sub->add_option("--output,-o", *output, "table|json")->check(CLI::IsMember({"table", "json"}));
    sub->callback([&ctx, name, output, sub] {
      if (!sub->get_subcommands().empty()) return;  // `lightsail logs`: its own action
      ctx.action = [&ctx, name, output] { return run_list_command(name, *output, *ctx.sessions, ctx.global); };
    });
  }
}

}  // namespace opsdeck::app
