#include "app/caller_identity.hpp"

namespace opsdeck::app {

GlobalOptions with_environment_defaults(GlobalOptions g, const EnvironmentConfig& env) {
  if (g.profile.empty()) g.profile = env.profile;
  if (g.region.empty()) g.region = env.region;
  if (g.endpoint_url.empty()) g.endpoint_url = env.endpoint_url;
  return g;
}

GlobalOptions with_config_environment(GlobalOptions g) {
  auto config = load_config(g.config_path);
  if (!config) return g;
  auto env = resolve_environment(*config, g.environment);
  if (!env) return g;
  return with_environment_defaults(std::move(g), *env);
}

std::string audit_caller_arn(SessionRegistry& sessions, const GlobalOptions& global, std::string* why) {
  auto session = sessions.get(global);
  if (!session) {
    if (why) *why = session.error().describe();
    return "";
  }
  return (*session)->caller_arn(why);
}

}  // namespace opsdeck::app
