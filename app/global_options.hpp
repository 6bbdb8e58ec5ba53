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
};

}  // namespace opsdeck::app
