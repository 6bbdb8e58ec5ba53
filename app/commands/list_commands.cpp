// `opsdeck LIST [--output table|json]`, one command per resource list that stands on its own
// (app/resources/resource_lists.hpp): instances, databases, alarms, services, clusters,
// lightsail, queues, parameters, secrets; across a fleet with --fleet NAME or --profiles /
// --regions (app/fleet/fleet_list_runner.hpp).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/fleet/fleet_list_runner.hpp"
#include "app/fleet/fleet_selection.hpp"
#include "app/list_runner.hpp"
#include "app/message_printer.hpp"
#include "app/resources/resource_lists.hpp"

namespace opsdeck::app {

namespace {

void print_outcome(const ListOutcome& outcome) {
  std::fputs(outcome.out.c_str(), stdout);
  std::fflush(stdout);
  std::fputs(outcome.err.c_str(), stderr);
}

int run_fleet_list_command(const std::string& kind, const std::string& output, const FleetSelection& selection,
                           SessionRegistry& sessions, const GlobalOptions& global) {
  auto config = load_config(global.config_path);
  if (!config) {
    print_message(from_error(config.error()));
    return exit_code_for(config.error());
  }
  auto fleet = resolve_fleet(*config, selection, global);
  if (!fleet) {
    print_message(from_error(fleet.error()));
    return exit_code_for(fleet.error());
  }
  auto outcome = run_fleet_list(kind, output, *fleet, global, sessions);
  print_outcome(outcome);
  return outcome.exit_code;
}

int run_list_command(const std::string& kind, const std::string& output, const FleetSelection& selection,
                     SessionRegistry& sessions, const GlobalOptions& global) {
  if (!selection.empty()) return run_fleet_list_command(kind, output, selection, sessions, global);
  if (!global.fleet.empty())  // `opsdeck --fleet NAME alarms`
    return run_fleet_list_command(kind, output, {global.fleet, "", ""}, sessions, global);
  auto session = sessions.get(with_config_environment(global));  // --env's profile and region
  if (!session) {
    print_message(from_error(session.error()));
    return exit_code_for(session.error());
  }
  auto outcome = run_list(kind, output, aws::async_caller((*session)->client()));
  print_outcome(outcome);
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
    auto selection = std::make_shared<FleetSelection>();
    sub->add_option("--fleet", selection->fleet, "Every member of this fleet from the config (or all environments: all)");
    sub->add_option("--profiles", selection->profiles, "A fleet of these profiles (comma-separated)");
    sub->add_option("--regions", selection->regions, "A fleet in these regions (comma-separated)");
    sub->callback([&ctx, name, output, selection, sub] {
      if (!sub->get_subcommands().empty()) return;  // `lightsail logs`: its own action
      ctx.action = [&ctx, name, output, selection] {
        return run_list_command(name, *output, *selection, *ctx.sessions, ctx.global);
      };
    });
  }
}

}  // namespace opsdeck::app
