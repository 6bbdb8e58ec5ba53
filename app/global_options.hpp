#pragma once
// Flags that every subcommand and the console share (DESIGN.md "Headless commands").

#include <string>

namespace opsdeck::app {

struct GlobalOptions {
  std::string profile;       // --profile (else AWS_PROFILE, else "default")
  std::string region;        // --region (else AWS_REGION, AWS_DEFAULT_REGION, profile)
  std::string endpoint_url;  // --endpoint-url: one endpoint for every service (moto, LocalStack)
  std::string config_path;   // --config (else $XDG_CONFIG_HOME/opsdeck/config.json)
  std::string theme;         // --theme NAME|FILE
  std::string environment;   // --env NAME: an environment from the config
  std::string fleet;         // --fleet NAME: the console's fleet view (app/fleet/fleet_member.hpp)
  bool readonly = false;     // --readonly: refuse every mutating operation
  // Set when the console opens one member of a fleet (FleetMember::options): a member
  // without an environment is guarded as itself (named by `member`, never the config's
  // default environment); the guard is production when the member is (never lowered by
  // its environment), and a member's account_id must be the credentials' account.
  std::string member;
  bool member_production = false;
  std::string member_account_id;
};

}  // namespace opsdeck::app
