#pragma once
// Which environment guards an action, and whether that is production — decided by the
// account and the resource, not by the name after --env:
//  - a service, runbook or resource configured with an environment is guarded by THAT
//    environment, whatever the invocation's;
//  - an environment that names its `account_id` must be the account the credentials
//    resolve to (STS GetCallerIdentity): a mismatch is refused; when the identity was
//    asked for and could not be resolved, the environment counts as production (fail
//    closed);
//  - an account named by any production environment is production, whatever --env says,
//    and so is a profile that a production environment uses when the operator picked it
//    explicitly (`--profile prod` with a dev default environment);
//  - when production comes from another environment, that environment's name is the one
//    to type.
// Pure.

#include <string>
#include <vector>

#include "app/config.hpp"
#include "aws/arn.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct GuardScope {
  std::string environment;       // the name shown, and typed in production
  bool production = false;
  std::vector<std::string> why;  // why production when the environment's own flag is not
};

struct GuardInputs {
  const Config* config = nullptr;
  const EnvironmentConfig* selected = nullptr;  // the invocation's environment (--env, default)
  std::string resource_environment;             // the resource's configured environment, or ""
  std::string profile;                          // profile in effect
  bool profile_explicit = false;                // --profile given (not from the environment)
  std::string caller_account;                   // resolved account id, "" when unknown
  bool account_checked = false;                 // the identity was asked for (caller_account "" = it failed)
};

// ReadOnly error when the environment's account does not match the credentials; Usage
// error when the resource names an environment the config does not have.
aws::Result<GuardScope> resolve_guard_scope(const GuardInputs& in);

using aws::account_of_arn;  // aws/arn.hpp

}  // namespace opsdeck::app
