#pragma once
// Which configured service (config "services", app/deploy/service_config.hpp) `D` deploys
// for the selected resource: the names a row carries (its key and label, an EC2 Name tag,
// an ECS serviceName, a Lightsail service name) matched against each service's name and
// its deploy target (ssm tag:Name=V / instance id, ssh host, ecs service, lightsail
// service_name; an ECS row's cluster ("cluster:NAME" among the names) must match too).
// Pure.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/deploy/service_config.hpp"

namespace opsdeck::app {

// The names to match for a row (`document` may be null).
std::vector<std::string> resource_names(const std::string& key, const std::string& label,
                                        const nlohmann::json* document);

// The first service that matches one of `names`, or "" when none does.
std::string match_service(const std::vector<ServiceConfig>& services, const std::vector<std::string>& names);

}  // namespace opsdeck::app
