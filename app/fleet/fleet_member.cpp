#include "app/fleet/fleet_member.hpp"

namespace opsdeck::app {

std::string FleetMember::label() const {
  std::string p = profile.empty() ? "(default)" : profile;
  return region.empty() ? p : p + "/" + region;
}

GlobalOptions FleetMember::options(const GlobalOptions& base) const {
  GlobalOptions g = base;
  g.profile = profile;
  g.region = region;
  if (!endpoint_url.empty()) g.endpoint_url = endpoint_url;
  g.environment = environment;
  g.member = label();
  g.member_production = production;
  g.member_account_id = account_id;
  return g;
}

}  // namespace opsdeck::app
