#pragma once
// The user's opsdeck config, typed and checked at load (STYLE.md: no string lookups at
// run time). Minimal for now — environments and runbook settings; the console may extend
// it. Loaded once on the main thread; read-only afterwards.
//
//   {
//     "default_environment": "dev",
//     "environments": {
//       "prod": { "production": true, "profile": "clinic", "region": "us-east-1",
//                 "vars": { "CLUSTER": "clinic-prod" } },
//       "dev":  { "profile": "clinic-dev" }
//     },
//     "runbooks": { "destructive_patterns": ["\\bnuke\\b"], "vars": { "TAG": "latest" } },
//     "fleets": {
//       "oncall": { "members": [ { "profile": "clinic", "regions": ["us-east-1", "eu-west-1"] },
//                                { "environment": "dev" } ],
//                   "max_connections_per_endpoint": 8 }
//     },
//     "ssm": { "client": "native", "bastion": "i-0abc1234def567890" }
//   }
//
// A fleet member names a profile (with "region" or "regions"; neither: the profile's own
// region) or an environment (its profile, region, endpoint and production flag; "regions"
// widens it). Members are checked at load: none, a duplicate, or an unknown environment is
// an error. app/fleet/fleet_member.hpp says what a member is.
//
// An environment whose "production" is not given is production when its name says so
// (prod, production, prd, live, or a name containing "prod"): at 3 a.m. the safe guess.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/fleet/fleet_member.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct EnvironmentConfig {
  std::string name;
  bool production = false;
  std::string profile;
  std::string region;
  std::string endpoint_url;
  std::string account_id;  // the AWS account this environment is (12 digits); "" when not said
  std::map<std::string, std::string> vars;  // runbook variable defaults for this environment
};

struct RunbookSettings {
  std::vector<std::string> destructive_patterns;  // extra regular expressions
  std::map<std::string, std::string> vars;        // defaults for every environment
  std::vector<std::string> secret_names;          // more variable names to treat as secret
};

// Session Manager sessions and forwards. "client": "native" (opsdeck's own data channel
// client, the default) or "plugin" (hand sessions to AWS's session-manager-plugin).
// "bastion": the instance that database forwards go through when none is chosen.
struct SsmSettings {
  enum class Client { Native, Plugin } client = Client::Native;
  std::string bastion;
};

struct Config {
  std::string path;  // where it was read from ("" when none exists)
  std::string default_environment;
  std::map<std::string, EnvironmentConfig> environments;
  RunbookSettings runbooks;
  std::map<std::string, Fleet> fleets;
  SsmSettings ssm;

  // The environment called `name`, or nullptr.
  const EnvironmentConfig* find_environment(const std::string& name) const;
};

bool name_says_production(std::string_view name);

// $XDG_CONFIG_HOME/opsdeck/config.json, else ~/.config/opsdeck/config.json.
std::string default_config_path();
// $XDG_STATE_HOME/opsdeck, else ~/.local/state/opsdeck.
std::string state_directory();

// Parses config text; errors name the file and line ("config.json:7:12: ...") or the
// JSON path of a value with the wrong type.
aws::Result<Config> parse_config(std::string_view text, const std::string& path);

// Reads `explicit_path` (must exist) or the default path (a missing file is an empty
// config).
aws::Result<Config> load_config(const std::string& explicit_path);

// Resolves --env: the named environment (Usage error if the config lists environments
// and this is not one of them), else the default environment, else a non-production
// environment called "default".
aws::Result<EnvironmentConfig> resolve_environment(const Config& config, const std::string& name);

}  // namespace opsdeck::app
