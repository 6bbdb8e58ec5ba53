// `opsdeck config check [FILE]`: the config read by every reader opsdeck uses on it
// (app/config_check.hpp), one line per problem with where it is and what to do.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/commands/command_context.hpp"
#include "app/config_check.hpp"
#include "app/exit_codes.hpp"
#include "app/plain_table.hpp"

namespace opsdeck::app {

namespace {

int run_config_check(const std::string& file) {
  ConfigCheckReport r = check_config_file(file);
  if (!r.exists) {
    std::printf("no config at %s: opsdeck runs with its defaults (examples/config.json is a complete example)\n",
                sanitize_for_terminal(r.path).c_str());
    return kExitOk;
  }
  for (const auto& p : r.problems)
    std::printf("%s %s — %s\n", p.error ? "error:" : "warning:", sanitize_for_terminal(p.what).c_str(),
                sanitize_for_terminal(p.fix).c_str());
  const int errors = r.errors(), warnings = r.warnings();
  std::string tally;
  if (warnings) tally = " (" + std::to_string(warnings) + (warnings == 1 ? " warning)" : " warnings)");
  if (errors == 0) {
    std::printf("config %s is valid%s\n", sanitize_for_terminal(r.path).c_str(), tally.c_str());
    return kExitOk;
  }
  std::printf("config %s is invalid: %d %s%s\n", sanitize_for_terminal(r.path).c_str(), errors,
              errors == 1 ? "error" : "errors", tally.c_str());
  return kExitCheckFailed;
}

}  // namespace

void add_config_command(CLI::App& cli, CommandContext& ctx) {
  auto* config = cli.add_subcommand("config", "Work with the config file");
  config->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* check = config->add_subcommand("check", "Check a config file the way opsdeck reads it");
  check->add_option("file", *file, "Config file (default: --config, else ~/.config/opsdeck/config.json)");
  check->footer(
      "Prints each problem with where it is and what to do; warns on keys opsdeck does not read.\n"
      "Exit: 0 valid (warnings allowed); 7 invalid or unreadable.");
  check->callback([&ctx, file] {
    ctx.action = [&ctx, file] { return run_config_check(file->empty() ? ctx.global.config_path : *file); };
  });
}

}  // namespace opsdeck::app
