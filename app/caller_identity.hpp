#pragma once
// The AWS caller ARN for audit lines (`opsdeck runbook --step`, `opsdeck deploy`, the
// headless guard): STS GetCallerIdentity through the session the command acts with (the
// flags, else the environment's profile/region/endpoint from the config), asked once per
// session (Session::caller_arn).
//
// Best effort: an action is never blocked because the identity is unknown (a local step
// needs no AWS credentials) — on any failure the result is "" and `why` says what failed.
// Blocks the calling thread for one STS call. Never logs credentials.

#include <string>

#include "app/config.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

// `global` with the environment's profile, region and endpoint filled in where not given.
GlobalOptions with_environment_defaults(GlobalOptions global, const EnvironmentConfig& env);

// The same for the environment --env (or the config's default) names, read from the
// config — what the console does at start, for headless read commands (`instances`,
// `logs` ...). A config that cannot be read leaves `global` as it is (the command reports
// AWS errors on its own).
GlobalOptions with_config_environment(GlobalOptions global);

std::string audit_caller_arn(SessionRegistry& sessions, const GlobalOptions& global,
                             std::string* why = nullptr);

}  // namespace opsdeck::app
