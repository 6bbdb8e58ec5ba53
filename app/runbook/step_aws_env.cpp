#include "app/runbook/step_aws_env.hpp"

namespace opsdeck::app::runbook {

StepEnvironment step_aws_environment(const StepAwsContext& c) {
  StepEnvironment env;
  if (!c.profile.empty() && (c.profile != "default" || c.profile_explicit)) env.set["AWS_PROFILE"] = c.profile;
  if (!c.region.empty()) {
    env.set["AWS_REGION"] = c.region;
    env.set["AWS_DEFAULT_REGION"] = c.region;
  }
  if (!c.endpoint_url.empty()) env.set["AWS_ENDPOINT_URL"] = c.endpoint_url;
  if (c.profile_explicit)
    env.unset = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                 "AWS_DEFAULT_PROFILE"};
  return env;
}

}  // namespace opsdeck::app::runbook
