#include "app/runbook/variable_resolver.hpp"

#include <cctype>
#include <cstdlib>

namespace opsdeck::app::runbook {

std::string env_name_for(const std::string& var) {
  std::string out;
  for (char c : var) out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

ResolvedVariables resolve_variables(const Step& step, const VariableSources& src) {
  ResolvedVariables r;
  auto from = [](const std::map<std::string, std::string>& m, const std::string& k, std::string& v) {
    auto it = m.find(k);
    if (it == m.end()) return false;
    v = it->second;
    return true;
  };
  for (const auto& name : step.vars) {
    std::string v;
    std::string env = env_name_for(name);
    if (from(src.cli, name, v) || (env != name && from(src.cli, env, v))) {
      r.values[name] = v;
      r.to_remember.insert(name);
    } else if (const char* e = std::getenv(name.c_str()); e && *e) {
      r.values[name] = e;
    } else if (const char* e2 = std::getenv(env.c_str()); env != name && e2 && *e2) {
      r.values[name] = e2;
    } else if (from(src.config_env, name, v) || from(src.config_all, name, v) ||
               from(src.remembered, name, v)) {
      r.values[name] = v;
    } else if (step.var_defaults.count(name)) {
      continue;  // bash fills ${NAME:-default}
    } else if (src.ask && src.ask(name, v)) {
      r.values[name] = v;
      r.to_remember.insert(name);
    } else {
      r.missing.push_back(name);
    }
  }
  return r;
}

}  // namespace opsdeck::app::runbook
