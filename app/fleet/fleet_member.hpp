#pragma once
// FleetMember and Fleet: the (profile, region) pairs a fleet reads at once — a named fleet
// from the config ($.fleets, app/config.hpp), every environment of the config (`--fleet
// all`), or the flags `--profiles a,b --regions r1,r2` (fleet_selection.hpp).
//
// Each member becomes its own Session (app/session.hpp) from the run's SessionRegistry: its
// own client, credential chain (SSO, assume-role, credential_process) and caller identity,
// so nothing mutable is shared between members. Plain values; any thread.

#include <string>
#include <vector>

#include "app/global_options.hpp"

namespace opsdeck::app {

struct FleetMember {
  std::string profile;       // "" : the default chain (AWS_PROFILE, else "default")
  std::string region;        // "" : the profile's own region
  std::string endpoint_url;  // "" : the run's --endpoint-url
  std::string environment;   // the config environment it comes from; "" when none
  bool production = false;   // the member's guard treats it as production
  std::string account_id;    // the account the config says it is; "" when not said

  // How messages name it: "prod/eu-west-1", "(default)/us-east-1", "prod" when the region
  // is the profile's own.
  std::string label() const;
  // The flags its Session is opened with: `base` (read-only, endpoint, config) with the
  // member's profile, region and endpoint.
  GlobalOptions options(const GlobalOptions& base) const;
};

// The connections one fleet read may hold open to one endpoint, unless the fleet says.
inline constexpr int kDefaultConnectionsPerEndpoint = 8;

struct Fleet {
  std::string name;  // the config's name, "all", or "" for --profiles/--regions
  std::vector<FleetMember> members;
  int max_connections_per_endpoint = kDefaultConnectionsPerEndpoint;
};

}  // namespace opsdeck::app
