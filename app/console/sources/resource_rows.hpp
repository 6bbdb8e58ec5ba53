#pragma once
// Pure conversions from typed AWS results to the console panes' rows: display-safe cell
// text, a Role per state (running = good, stopped = bad, ...), a stable key per row (the
// selection survives a refresh) and the resource's raw document (for the `d` detail view).
// No I/O, no clock reads: `now` is passed in. Called on the UI thread.

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/console/resource_type.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/ec2.hpp"
#include "aws/elasticache.hpp"
#include "aws/lightsail.hpp"
#include "aws/rds.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

using SysTime = std::chrono::system_clock::time_point;

struct PaneRows {
  std::vector<ui::VectorTableSource::Row> rows;
  std::vector<std::string> keys;
  std::vector<nlohmann::json> documents;  // parallel to rows
  // Parallel to rows where one table mixes kinds (EC2 and Lightsail instances); empty: every
  // row is the pane's or the view's own kind. What a row is comes from here, never from
  // its key's text.
  std::vector<ResourceType> kinds;
  // The kinds as the pane and views look them up (rows of the default kind left out).
  std::map<std::string, ResourceType> kind_map() const;
};

// Column sets of the four live panes.
std::vector<ui::Column> instance_columns();
std::vector<ui::Column> database_columns();
std::vector<ui::Column> alarm_columns();
std::vector<ui::Column> log_columns();

// EC2 first (keyed by instance id), then Lightsail (keyed "lightsail:NAME").
PaneRows instance_rows(const std::vector<aws::Ec2Instance>& ec2,
                       const std::vector<aws::LightsailInstance>& lightsail, SysTime now);
// RDS first (keyed by identifier), then ElastiCache (keyed "elasticache:ID"; CLASS is the
// node type, STORAGE the node count).
PaneRows database_rows(const std::vector<aws::RdsInstance>& dbs,
                       const std::vector<aws::CacheCluster>& caches = {});
// ALARM first, then INSUFFICIENT_DATA, then OK; within a state the longest-standing first.
// `series` (alarm name -> the metric's values over the last 3 h, oldest first) fills the
// sparkline column when given.
PaneRows alarm_rows(const std::vector<aws::Alarm>& alarms, SysTime now,
                    const std::map<std::string, std::vector<double>>& series = {});
// GetMetricData queries for the metric alarms' metrics (ids "m0", "m1", ... by position in
// `alarms`; composite and math alarms are skipped). At most `limit` queries.
std::vector<aws::MetricQuery> alarm_metric_queries(const std::vector<aws::Alarm>& alarms,
                                                   std::size_t limit = 100);

// "42s", "5m", "3h", "12d"; "" for an unparsable timestamp.
std::string short_age(std::chrono::seconds age);
std::string age_since(const std::string& iso8601, SysTime now);
ui::Role state_role(std::string_view state);

}  // namespace opsdeck::app
