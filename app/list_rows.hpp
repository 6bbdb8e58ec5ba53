#pragma once
// The headless list commands' rows: pure conversions from the typed AWS results to the
// documented JSON objects (keys in the documented order) and to table cells.
//   instances: id, name, state, type, private_ip, public_ip, az, launch_time, source
//   databases: id, engine, engine_version, class, status, endpoint, multi_az, storage_gb,
//              backup_retention_days, source (rds | elasticache)
//   alarms:    name, state, reason, metric, namespace, threshold, comparison, updated
//   services:  cluster, name, desired, running, pending, status, last_deployment, source

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/cloudwatch.hpp"
#include "aws/ec2.hpp"
#include "aws/ecs.hpp"
#include "aws/elasticache.hpp"
#include "aws/lightsail.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

using Row = nlohmann::ordered_json;

Row instance_row(const aws::Ec2Instance& i);
Row instance_row(const aws::LightsailInstance& i);
Row database_row(const aws::RdsInstance& d);
Row database_row(const aws::CacheCluster& c);
Row alarm_row(const aws::Alarm& a);
Row service_row(const aws::EcsService& s);
Row service_row(const aws::LightsailContainerService& s);

// Column headers for the table form (upper-cased keys) and one row's cells.
std::vector<std::string> table_headers(const Row& sample_or_schema);
std::vector<std::string> table_cells(const Row& row);

// The key list per kind ("instances", "databases", "alarms", "services").
const std::vector<std::string>& list_keys(const std::string& kind);

}  // namespace opsdeck::app
