#include "app/console/resource_guard.hpp"

#include "app/console/deploy_match.hpp"
#include "app/console/runbook_catalog.hpp"
#include "app/deploy/service_config.hpp"

namespace opsdeck::app {

std::function<std::optional<ResourceGuard>(const std::string&, const std::string&, const nlohmann::json*)>
make_resource_guard(const Config& config) {
  std::vector<ServiceConfig> services;
  if (auto catalog = load_runbook_catalog(config.path))
    for (const auto& name : catalog->services)
      if (auto s = load_service(config.path, name); s && !s->environment.empty()) services.push_back(*s);
  return [services, config](const std::string& key, const std::string& label,
                            const nlohmann::json* document) -> std::optional<ResourceGuard> {
    std::string name = match_service(services, resource_names(key, label, document));
    for (const auto& s : services)
      if (s.name == name)
        if (const EnvironmentConfig* env = config.find_environment(s.environment))
          return ResourceGuard{env->name, env->production};
    return std::nullopt;
  };
}

}  // namespace opsdeck::app
