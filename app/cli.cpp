#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/commands/command_context.hpp"
#include "app/console/console_app.hpp"
#include "app/process_hygiene.hpp"

namespace opsdeck::app {

namespace {

const char* kDescription =
    "opsdeck — a terminal operations console for AWS on-call work.\n"
    "Without a subcommand it opens the console; subcommands run headless.";

// Every flag and subcommand of the command line, into `cli`; the chosen subcommand stores
// its work in ctx.action.
void define_cli(CLI::App& cli, CommandContext& ctx) {
  cli.set_version_flag("--version", std::string("opsdeck ") + OPSDECK_VERSION);
  cli.require_subcommand(0, 1);

  GlobalOptions& g = ctx.global;
  cli.add_option("--profile", g.profile, "AWS profile (default: $AWS_PROFILE or 'default')");
  cli.add_option("--region", g.region, "AWS region (default: $AWS_REGION, profile)");
  cli.add_option("--endpoint-url", g.endpoint_url, "Send every AWS request to this URL");
  cli.add_option("--config", g.config_path, "Config file (default: ~/.config/opsdeck/config.json)");
  cli.add_option("--env", g.environment, "Environment name from the config");
  cli.add_option("--fleet", g.fleet, "Fleet from the config: every member's panes at once (or all)");
  cli.add_option("--theme", g.theme, "Colour theme name or file");
  cli.add_flag("--readonly", g.readonly, "Refuse every operation that changes anything");

  ctx.action = [&ctx] { return run_console(ctx.global); };

  add_list_commands(cli, ctx);
  add_logs_command(cli, ctx);
  add_runbook_command(cli, ctx);
  add_ssm_command(cli, ctx);
  add_forward_command(cli, ctx);
  add_ssh_command(cli, ctx);
  add_deploy_command(cli, ctx);
  add_action_commands(cli, ctx);
  add_queue_commands(cli, ctx);
  add_secret_commands(cli, ctx);
  add_param_commands(cli, ctx);
  add_db_commands(cli, ctx);
  add_metric_command(cli, ctx);
  add_lightsail_logs_command(cli, ctx);
  add_doctor_command(cli, ctx);
  add_config_command(cli, ctx);
  add_reference_commands(cli, ctx);
}

}  // namespace

CliCommand cli_reference() {
  CLI::App cli{kDescription, "opsdeck"};
  CommandContext ctx;
  define_cli(cli, ctx);
  return describe_cli(cli);
}

int run_cli(int argc, char** argv) {
  force_test_crash_if_asked();
  CLI::App cli{kDescription, "opsdeck"};
  CommandContext ctx;
  define_cli(cli, ctx);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return cli.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    print_message(UserMessage::error(e.what()));
    std::fprintf(stderr, "\n%s", cli.help().c_str());
    return kExitUsage;
  }
  return ctx.action();
}

}  // namespace opsdeck::app
