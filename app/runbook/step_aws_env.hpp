#pragma once
// The AWS context a local step's shell gets, so an `aws ...` line in a runbook talks to
// the account, region and endpoint the operator sees on screen — never to whatever the
// parent shell had exported:
//   AWS_PROFILE (when a profile is in effect), AWS_REGION and AWS_DEFAULT_REGION (the
//   session's resolved region), AWS_ENDPOINT_URL (when opsdeck uses an endpoint override);
//   when the profile was chosen explicitly (--profile or the environment's config), the
//   parent's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN /
//   AWS_DEFAULT_PROFILE are removed, since they would override that profile.
// Pure.

#include <string>

#include "app/runbook/step_target.hpp"

namespace opsdeck::app::runbook {

struct StepAwsContext {
  std::string profile;           // "" or "default" when none was named
  bool profile_explicit = false; // from --profile or the environment's config
  std::string region;            // the session's resolved region
  std::string endpoint_url;      // --endpoint-url / the environment's endpoint_url
};

StepEnvironment step_aws_environment(const StepAwsContext& context);

}  // namespace opsdeck::app::runbook
