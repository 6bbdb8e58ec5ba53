#pragma once
// What the console does to RDS instances and their snapshots (see resource_actions.hpp for
// the gate):
//   database  `R` reboot; `N` manual snapshot; `W` reboot with failover (Multi-AZ only: the
//             standby becomes primary); `e` modify — asks "class=db.t3.large retention=7
//             apply=now|window" (prefilled with the current values; apply=window waits for
//             the maintenance window); `C` restore to a point in time — asks "NEW-ID [TIME]"
//             (ISO-8601 UTC; latest restorable time when left out) and creates a NEW instance;
//   snapshot  `C` restore into a NEW instance — asks its id (`:snapshots`).
// UI thread.

#include <optional>
#include <string>
#include <vector>

#include "app/console/resource_actions.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

const std::vector<Capability>& database_capabilities();
const std::vector<Capability>& db_snapshot_capabilities();

// "class=db.t3.large retention=7 apply=now" -> the modification, or what is wrong with it.
aws::Result<aws::DbModification> parse_db_modification(const std::string& text);

// "NEW-ID [TIME]" -> the new id and the time ("" = latest), or what is wrong with it.
struct RestoreTarget {
  std::string new_id;
  std::string time;
};
aws::Result<RestoreTarget> parse_restore_target(const std::string& text);

}  // namespace opsdeck::app
