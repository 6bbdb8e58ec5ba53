#include "app/caller_identity.hpp"

#include "app/aws_session.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"

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

std::string audit_caller_arn(const GlobalOptions& global, std::string* why) {
  auto session = make_aws_session(global);
  if (!session) {
    if (why) *why = session.error().describe();
    return "";
  }
  auto id = aws::get_caller_identity(aws::sync_caller(*session->client));
  if (!id) {
    if (why) *why = id.error().describe();
    return "";
  }
  return id->arn;
}

}  // namespace opsdeck::app
