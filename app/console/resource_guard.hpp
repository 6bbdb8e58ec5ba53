#pragma once
// The console's per-resource guard: a row that matches a configured service (config
// "services", matched as `D` matches them: app/console/deploy_match.hpp) whose
// "environment" is set is guarded by that environment — a dev ECS service scaled from a
// prod console asks y/n, a prod one from a dev console asks for "prod" typed.
// Reads the config's services once (UI thread); the returned function is pure.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "app/config.hpp"
#include "app/console/resource_actions.hpp"

namespace opsdeck::app {

std::function<std::optional<ResourceGuard>(const std::string&, const std::string&, const nlohmann::json*)>
make_resource_guard(const Config& config);

}  // namespace opsdeck::app
