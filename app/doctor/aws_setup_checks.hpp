#pragma once
// The AWS half of `opsdeck doctor`: the shared config files, then per profile (the one
// --profile or --env names, else every profile of ~/.aws/config and ~/.aws/credentials)
// where its credentials come from, its IAM Identity Center token (present, age, expiry),
// its region, and whether the credential chain — roles, SSO, credential_process, keys —
// yields credentials STS accepts (GetCallerIdentity); then whether the endpoints of the
// services opsdeck reads answer at all. Every connection goes through the AWS layer, so
// the endpoint overrides (--endpoint-url, AWS_ENDPOINT_URL...) and the network fence
// (OPSDECK_NETWORK=loopback) apply; an endpoint the fence refuses is reported, not reached.
// No MFA code is asked: a role profile with mfa_serial is reported as not checked.
//
// Blocks the calling thread (one STS call per profile, one HTTP request per endpoint).

#include <functional>

#include "app/doctor/doctor_check.hpp"
#include "app/global_options.hpp"
#include "aws/endpoints.hpp"

namespace opsdeck::app {

using CheckSink = std::function<void(const CheckResult&)>;

void check_aws_setup(const GlobalOptions& global, const aws::EnvLookup& env, const CheckSink& report);

}  // namespace opsdeck::app
