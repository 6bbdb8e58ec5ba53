#include "widgets/role.hpp"

#include <array>

namespace opsdeck::ui {

namespace {
constexpr std::array<std::string_view, static_cast<size_t>(Role::Count_)> kNames = {
    "default",     "dim",         "border",      "border-focused", "title",
    "header",      "selected",    "selected-dim", "status-info",   "status-ok",
    "status-warn", "status-error", "key-hint",   "badge",          "badge-prod",
    "state-good",  "state-bad",   "state-warn",  "match",          "log-error",
    "log-warn",    "log-info",    "log-debug",   "log-source",     "control",
    "json-key",    "json-string", "json-number", "json-literal",   "json-punct",
    "graph",       "threshold",   "secret",
};
}  // namespace

std::string_view role_name(Role r) {
  auto i = static_cast<size_t>(r);
  return i < kNames.size() ? kNames[i] : "default";
}

bool role_from_name(std::string_view name, Role& out) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      out = static_cast<Role>(i);
      return true;
    }
  }
  return false;
}

}  // namespace opsdeck::ui
