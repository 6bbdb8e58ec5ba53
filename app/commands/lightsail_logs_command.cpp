// `opsdeck lightsail logs SERVICE [CONTAINER] [--since 10m] [--until T] [--follow]
// [--filter P] [--output text|json]`: a Lightsail container's log (GetContainerLog) through
// the engine and printer of `opsdeck logs` (app/logs/logs_headless.hpp). Without CONTAINER,
// every container of the service's current deployment, merged by time.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/caller_identity.hpp"
#include "app/commands/command_context.hpp"
#include "app/exit_codes.hpp"
#include "app/logs/interrupt_watcher.hpp"
#include "app/logs/lightsail_log_fetcher.hpp"
#include "app/logs/logs_headless.hpp"
#include "app/message_printer.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

void add_lightsail_logs_command(CLI::App& cli, CommandContext& ctx) {
  CLI::App* lightsail = cli.get_subcommand("lightsail");
  auto opts = std::make_shared<LogsCommandOptions>();
  auto names = std::make_shared<std::vector<std::string>>();
  auto* sub = lightsail->add_subcommand("logs", "Print or follow a Lightsail container's log");
  sub->add_option("service", *names, "SERVICE [CONTAINER]")->required()->expected(1, 2);
  sub->add_flag("--follow,-f", opts->follow, "Keep printing new lines (Ctrl-C stops, exit 130)");
  sub->add_option("--since", opts->since, "Start at now, 30s, 10m, 1h, 2d, or 2026-11-21T10:00 (UTC)")
      ->default_str("10m");
  sub->add_option("--until", opts->until, "End of a range (same forms as --since)");
  sub->add_option("--filter", opts->filter, "Lightsail filter pattern");
  sub->add_option("--output,-o", opts->output, "text|json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([&ctx, opts, names] {
    ctx.action = [&ctx, opts, names]() -> int {
      auto session = ctx.sessions->get(with_config_environment(ctx.global));
      if (!session) {
        print_message(from_error(session.error()));
        return exit_code_for(session.error());
      }
      aws::AwsClient& client = (*session)->client();
      const std::string& service = names->front();
      std::vector<std::string> containers;
      if (names->size() > 1) {
        containers.push_back((*names)[1]);
      } else {
        auto services = aws::lightsail_container_services(aws::sync_caller(client));
        if (!services) {
          print_message(from_error(services.error()).about("lightsail " + service));
          return exit_code_for(services.error());
        }
        for (const auto& s : *services)
          if (s.name == service) containers = aws::current_containers(s.raw);
        if (containers.empty()) {
          bool exists = false;
          for (const auto& s : *services) exists = exists || s.name == service;
          print_message(UserMessage::error(
              exists ? "container service " + service + " has no current deployment: no containers to read"
                     : "no Lightsail container service named " + service,
              exists ? "" : "opsdeck lightsail lists them"));
          return exists ? kExitError : kExitNotFound;
        }
      }
      for (const auto& c : containers) opts->groups.push_back(lightsail_log_group(service, c));
      opts->slices = 1;
      LightsailLogFetcher fetcher(aws::sync_caller(client), client.options().request_timeout);
      SystemTailClock clock;
      InterruptWatcher ctrl_c(clock);
      return run_logs(*opts, fetcher, clock, stdout, stderr);
    };
  });
}

}  // namespace opsdeck::app
