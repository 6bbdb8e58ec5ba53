#include "app/runbook/remote_prelude.hpp"

#include "app/runbook/value_rules.hpp"

namespace opsdeck::app::runbook {

namespace {

std::string single_quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  out += "'";
  return out;
}

std::string refusal(const std::string& why) {
  return "printf '%s\\n' " + single_quoted("opsdeck: " + why) + " >&2; exit 125\n";
}

}  // namespace

std::string export_prelude(const std::map<std::string, std::string>& env,
                           const std::vector<std::string>& unset) {
  std::string out;
  for (const auto& name : unset) {
    if (!is_shell_identifier(name))
      return refusal("cannot unset a variable whose name is not an identifier");
    out += "unset " + name + "\n";
  }
  for (const auto& [name, value] : env) {
    if (!is_shell_identifier(name))
      return refusal("cannot export a variable whose name is not an identifier");
    if (value.find('\0') != std::string::npos)
      return refusal("cannot export " + name + ": its value holds a NUL byte");
    out += "export " + name + "=" + single_quoted(value) + "\n";
  }
  return out;
}

}  // namespace opsdeck::app::runbook
