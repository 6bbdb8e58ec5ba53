#pragma once
// Which fleet a command reads, from its flags: `--fleet NAME` (a fleet of the config, or
// "all": every environment of the config when no fleet has that name) or `--profiles a,b`
// and/or `--regions r1,r2` (every profile in every region; a missing list is the run's
// --profile / the profile's own region). Pure; any thread.

#include <string>

#include "app/config.hpp"
#include "app/fleet/fleet_member.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct FleetSelection {
  std::string fleet;     // --fleet NAME
  std::string profiles;  // --profiles a,b
  std::string regions;   // --regions r1,r2
  bool empty() const { return fleet.empty() && profiles.empty() && regions.empty(); }
};

// The members the selection names. Errors (Usage): --fleet together with --profiles or
// --regions; an unknown fleet (the hint lists the config's fleets); "all" with no
// environments in the config; an empty name in a list. `global` supplies the run's
// --profile for `--regions` alone.
aws::Result<Fleet> resolve_fleet(const Config& config, const FleetSelection& selection, const GlobalOptions& global);

}  // namespace opsdeck::app
