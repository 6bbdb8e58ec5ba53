#pragma once
// The work behind `opsdeck instances | databases | alarms | services --fleet NAME` (or
// --profiles / --regions): one fleet read (fleet_read.hpp) printed as one table with
// ACCOUNT, PROFILE and REGION in front, or one JSON array whose objects start with
// "account", "profile" and "region". Members that failed go to stderr, one line each with
// the reason and the fix; the exit code is kExitPartial when some failed and others
// answered, the first failure's own code when none answered (app/exit_codes.hpp).
// Blocks the calling thread until every member has answered or failed.

#include <string>

#include "app/fleet/fleet_read.hpp"
#include "app/list_runner.hpp"

namespace opsdeck::app {

// kind: instances | databases | alarms | services; format: table | json.
ListOutcome run_fleet_list(const std::string& kind, const std::string& format, const Fleet& fleet,
                           const GlobalOptions& base, SessionRegistry& sessions);

// What run_fleet_list prints for a read already made (tests drive it with captured
// responses).
ListOutcome fleet_list_outcome(const ResourceList& list, const std::string& format, const FleetSnapshot& snapshot);

}  // namespace opsdeck::app
