#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands/command_context.hpp"
#include "app/deploy/deployer.hpp"

namespace opsdeck::app {

void add_deploy_command(CLI::App& cli, CommandContext& ctx) {
  auto opts = std::make_shared<DeployOptions>();
  auto* sub = cli.add_subcommand("deploy", "Deploy a service defined in the config, then check its health");
  sub->add_option("service", opts->service, "Service name (config \"services\")")->required();
  sub->add_flag("--yes", opts->yes, "Do not ask y/N (production still needs its name typed)");
  sub->add_flag("--no-health", opts->skip_health, "Skip the health checks");
  auto* t = sub->add_option("--health-timeout", "Seconds to wait for healthy (default 120)");
  sub->footer("Exit: 0 deployed and healthy; 1 failed or unhealthy; 4 unknown service; 5 refused.");
  sub->callback([&ctx, opts, t] {
    if (t->count()) opts->health_timeout = std::chrono::seconds(t->as<int>());
    ctx.action = [&ctx, opts] { return run_deploy(ctx.sessions, ctx.global, *opts); };
  });
}

}  // namespace opsdeck::app
