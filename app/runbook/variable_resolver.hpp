#pragma once
// Fills a step's variables, first source wins:
//   1. --var K=V
//   2. the process environment (K, or for <kebab-case> its UPPER_SNAKE form)
//   3. config defaults: the environment's "vars", then "runbooks.vars"
//   4. answers remembered for this runbook and environment (ProgressStore)
//   5. ${K:-default} in the step itself (left to bash: not missing)
//   6. asked on the terminal, when there is one
// What is still missing is reported by name. Runs on the caller's thread.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

struct VariableSources {
  std::map<std::string, std::string> cli;         // --var
  std::map<std::string, std::string> config_env;  // environment's vars
  std::map<std::string, std::string> config_all;  // runbooks.vars
  std::map<std::string, std::string> remembered;
  // Asks for one value; null when not interactive. Returns false when the operator gave none.
  std::function<bool(const std::string& name, std::string& value)> ask;
};

struct ResolvedVariables {
  std::map<std::string, std::string> values;  // everything that has a value
  std::set<std::string> to_remember;          // given on the command line or typed
  std::vector<std::string> missing;           // no value and no ${:-default}
};

ResolvedVariables resolve_variables(const Step& step, const VariableSources& sources);

// "your-domain" -> "YOUR_DOMAIN"
std::string env_name_for(const std::string& var);

}  // namespace opsdeck::app::runbook
