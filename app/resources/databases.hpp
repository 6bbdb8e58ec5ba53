#pragma once
// The databases list: RDS (DescribeDBInstances) and, when the endpoint has it, ElastiCache
// (DescribeCacheClusters, optional). Fields:
//   id, engine, engine_version, class, status, endpoint, multi_az, storage_gb,
//   backup_retention_days, source (rds | elasticache)
// For ElastiCache the class is the node type, storage_gb is null and the retention is the
// snapshot retention. Order: RDS before ElastiCache, then by id.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/elasticache.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

const ResourceList& database_list();
Resource resource_of(const aws::RdsInstance& d);
Resource resource_of(const aws::CacheCluster& c);
// The name of a manual snapshot opsdeck takes of `db` now: "DB-opsdeck-YYYYMMDD-HHMMSS" (UTC).
std::string opsdeck_snapshot_name(const std::string& db);

}  // namespace opsdeck::app
