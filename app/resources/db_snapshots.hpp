#pragma once
// The RDS DB snapshots list (DescribeDBSnapshots: manual and automated, every instance's):
// `opsdeck snapshots` and the console's `:snapshots` view, where `C` restores one into a new
// instance. Fields:
//   id, instance (the DB it was taken of), type (manual | automated), status, created
//   (ISO-8601 UTC), engine, storage_gb
// Order: newest first.

#include <vector>

#include "app/resources/resource_list.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

const ResourceList& db_snapshot_list();

Resource resource_of(const aws::RdsSnapshot& s);

}  // namespace opsdeck::app
