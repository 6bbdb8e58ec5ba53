#include "app/guard_scope.hpp"

namespace opsdeck::app {

aws::Result<GuardScope> resolve_guard_scope(const GuardInputs& in) {
  if (!in.config || !in.selected) return aws::make_error(aws::ErrorKind::Internal, "guard scope without an environment");
  const EnvironmentConfig* base = in.selected;
  if (!in.resource_environment.empty() && in.resource_environment != in.selected->name) {
    base = in.config->find_environment(in.resource_environment);
    if (!base)
      return aws::make_error(aws::ErrorKind::Usage,
                             "the resource is configured with environment '" + in.resource_environment +
                                 "', which " + (in.config->path.empty() ? "the config" : in.config->path) +
                                 " does not define",
                             "add it under \"environments\", or fix the resource's \"environment\"");
  }
  GuardScope scope;
  scope.environment = base->name;
  scope.production = base->production;

  if (!base->account_id.empty()) {
    if (!in.caller_account.empty() && in.caller_account != base->account_id)
      return aws::make_error(aws::ErrorKind::ReadOnly,
                             "refused: environment '" + base->name + "' is account " + base->account_id +
                                 ", but the credentials in use (profile " + (in.profile.empty() ? "default" : in.profile) +
                                 ") belong to account " + in.caller_account,
                             "pick the environment of that account with --env, or the profile of this one with --profile");
    if (in.caller_account.empty() && in.account_checked && !scope.production) {
      scope.production = true;
      scope.why.push_back("environment '" + base->name + "' names account " + base->account_id +
                          ", which the credentials could not confirm");
    }
  }
  for (const auto& [name, env] : in.config->environments) {
    if (!env.production || scope.production) continue;
    if (!env.account_id.empty() && env.account_id == in.caller_account) {
      scope.production = true;
      scope.environment = name;
      scope.why.push_back("account " + in.caller_account + " is production environment '" + name + "'");
    } else if (in.profile_explicit && !env.profile.empty() && env.profile == in.profile &&
               base->profile != in.profile) {
      scope.production = true;
      scope.environment = name;
      scope.why.push_back("profile " + in.profile + " is production environment '" + name + "'s");
    }
  }
  return scope;
}

}  // namespace opsdeck::app
