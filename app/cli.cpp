#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "app/exit_codes.hpp"
#include "app/global_options.hpp"

namespace opsdeck::app {

namespace {

const char* kDescription =
    "opsdeck — a terminal operations console for AWS on-call work.\n"
    "Without a subcommand it opens the console; subcommands run headless.";

int not_built(const char* what) {
  std::fprintf(stderr, "opsdeck: '%s' is not available in this build yet\n", what);
  return kExitError;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{kDescription, "opsdeck"};
  cli.set_version_flag("--version", std::string("opsdeck ") + OPSDECK_VERSION);
  cli.require_subcommand(0, 1);

  GlobalOptions g;
  cli.add_option("--profile", g.profile, "AWS profile (default: $AWS_PROFILE or 'default')");
  cli.add_option("--region", g.region, "AWS region (default: $AWS_REGION, profile)");
  cli.add_option("--endpoint-url", g.endpoint_url, "Send every AWS request to this URL");
  cli.add_option("--config", g.config_path, "Config file (default: ~/.config/opsdeck/config.json)");
  cli.add_option("--env", g.environment, "Environment name from the config");
  cli.add_option("--theme", g.theme, "Colour theme name or file");
  cli.add_flag("--readonly", g.readonly, "Refuse every operation that changes anything");

  std::function<int()> action = [] { return not_built("console"); };

  for (const char* name : {"instances", "databases", "alarms", "services"}) {
    auto* sub = cli.add_subcommand(name, fmt::format("List {} (table or JSON)", name));
    sub->add_option("--output,-o", "table|json")->check(CLI::IsMember({"table", "json"}));
    sub->callback([&action, name] { action = [name] { return not_built(name); }; });
  }
  {
    auto* sub = cli.add_subcommand("logs", "Print or follow CloudWatch log groups");
    sub->add_option("groups", "Log group names")->required();
    sub->add_flag("--follow,-f")->description("Keep printing new events");
    sub->add_option("--since", "Start at 10m, 1h, or 2026-11-21T10:00");
    sub->add_option("--filter", "CloudWatch filter pattern");
    sub->add_option("--stream", "Only streams with this prefix");
    sub->add_option("--output,-o", "text|json")->check(CLI::IsMember({"text", "json"}));
    sub->callback([&action] { action = [] { return not_built("logs"); }; });
  }
  {
    auto* sub = cli.add_subcommand("runbook", "List or run the steps of a Markdown runbook");
    sub->add_option("file", "Runbook file")->required();
    sub->add_flag("--list")->description("List steps");
    sub->add_option("--step", "Run step N");
    sub->add_option("--var", "K=V")->allow_extra_args(false);
    sub->add_option("--target", "local|ssm:ID|ssh:HOST");
    sub->add_flag("--dry-run")->description("Show what would run");
    sub->add_flag("--yes")->description("Do not ask for confirmation (never enough in production)");
    sub->add_option("--output,-o", "text|json");
    sub->callback([&action] { action = [] { return not_built("runbook"); }; });
  }
  {
    auto* ssm = cli.add_subcommand("ssm", "AWS Systems Manager commands");
    ssm->require_subcommand(1);
    auto* run = ssm->add_subcommand("run", "Run a shell command on an instance through SSM");
    run->add_option("instance", "Instance id or Name tag")->required();
    run->add_option("command", "Command after --")->required();
    run->callback([&action] { action = [] { return not_built("ssm run"); }; });
  }
  {
    auto* sub = cli.add_subcommand("ssh", "Open a shell or run a command on a host over SSH");
    sub->add_option("host", "ssh_config alias, user@host[:port], instance id or Name")->required();
    sub->add_option("command", "Command after --");
    sub->add_flag("--accept-new-host-key")->description("Trust and record an unknown host key");
    sub->callback([&action] { action = [] { return not_built("ssh"); }; });
  }
  {
    auto* sub = cli.add_subcommand("deploy", "Deploy a service defined in the config");
    sub->add_option("service", "Service name")->required();
    sub->add_flag("--yes")->description("Do not ask for confirmation (never enough in production)");
    sub->callback([&action] { action = [] { return not_built("deploy"); }; });
  }

  try {
    cli.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return cli.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "opsdeck: %s\n\n%s", e.what(), cli.help().c_str());
    return kExitUsage;
  }
  return action();
}

}  // namespace opsdeck::app
