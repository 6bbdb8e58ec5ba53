#pragma once
// What every headless subcommand registers into and runs with.
//
// Each subcommand lives in its own file under app/commands/ and exposes one
// `add_<name>_command(CLI::App&, CommandContext&)`. Its CLI11 callback stores the work to
// do in `ctx.action`; run_cli() runs it after parsing succeeded.

#include <functional>
#include <memory>

#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace CLI {
class App;
}

namespace opsdeck::app {

struct CommandContext {
  GlobalOptions global;
  // The run's AWS sessions: a command's guard and its action share one (MFA at the terminal).
  std::shared_ptr<SessionRegistry> sessions = std::make_shared<SessionRegistry>(terminal_mfa_prompt());
  std::function<int()> action;  // set by the chosen subcommand; returns the exit code
};

void add_list_commands(CLI::App& cli, CommandContext& ctx);     // instances|databases|alarms|services
void add_logs_command(CLI::App& cli, CommandContext& ctx);
void add_runbook_command(CLI::App& cli, CommandContext& ctx);
void add_ssm_command(CLI::App& cli, CommandContext& ctx);
void add_forward_command(CLI::App& cli, CommandContext& ctx);  // forward (native SSM port forward)
void add_ssh_command(CLI::App& cli, CommandContext& ctx);
void add_deploy_command(CLI::App& cli, CommandContext& ctx);
void add_action_commands(CLI::App& cli, CommandContext& ctx);  // scale | rollback | snapshot
void add_queue_commands(CLI::App& cli, CommandContext& ctx);   // queue peek | redrive | purge
void add_secret_commands(CLI::App& cli, CommandContext& ctx);  // secret put | rotate
void add_param_commands(CLI::App& cli, CommandContext& ctx);   // param history | diff | restore
void add_db_commands(CLI::App& cli, CommandContext& ctx);      // db failover | modify | restore
void add_metric_command(CLI::App& cli, CommandContext& ctx);
// `lightsail logs SERVICE [CONTAINER]`, under the `lightsail` list command (added before it).
void add_lightsail_logs_command(CLI::App& cli, CommandContext& ctx);
void add_doctor_command(CLI::App& cli, CommandContext& ctx);
void add_config_command(CLI::App& cli, CommandContext& ctx);    // config check
void add_reference_commands(CLI::App& cli, CommandContext& ctx);  // completion | manpage

}  // namespace opsdeck::app
