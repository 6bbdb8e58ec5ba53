#pragma once
// ConfigCheck: `opsdeck config check [FILE]` — the config file read by every reader that
// opsdeck itself uses on it (config.hpp's Config, the console settings, each service's
// deploy, the runbook catalog), so what it accepts is exactly what the program accepts;
// then what no single reader sees: a service naming an environment the config does not
// list, a runbook file that does not exist, and keys nothing reads (a typo such as
// "regoin" is otherwise silently ignored; keys starting with "_" are comments).
//
// Each reader stops at its first error, so one mistake per reader is reported per run.
// Pure apart from reading the file and looking for runbook files; any thread.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

struct ConfigProblem {
  bool error = true;  // false: a warning (the config still loads)
  std::string what;   // names the file and where: "c.json:3:7: ..." or "$.environments.prod.region ..."
  std::string fix;    // what to do
};

struct ConfigCheckReport {
  std::string path;
  bool exists = true;  // false: no file at the default path (opsdeck uses its defaults)
  std::vector<ConfigProblem> problems;
  int errors() const;
  int warnings() const;
};

ConfigCheckReport check_config_text(std::string_view text, const std::string& path);
// `explicit_path` "" checks the default path (config.hpp default_config_path()).
ConfigCheckReport check_config_file(const std::string& explicit_path);

}  // namespace opsdeck::app
