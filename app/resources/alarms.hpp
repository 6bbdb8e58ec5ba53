#pragma once
// The alarms list: CloudWatch DescribeAlarms (metric and composite alarms). Fields:
//   name, state, reason, metric, namespace, threshold, comparison, updated, type (metric |
//   composite)
// Order: ALARM, then INSUFFICIENT_DATA, then OK; within a state the longest-standing
// first, then by name. With FetchOptions::alarm_series the read also asks one
// GetMetricData for every metric alarm's last 3 hours (optional: the pane's sparklines).

#include <cstddef>
#include <vector>

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/cloudwatch.hpp"

namespace opsdeck::app {

const ResourceList& alarm_list();
Resource resource_of(const aws::Alarm& a);

// GetMetricData queries for the metric alarms' metrics (ids "m0", "m1", ... by position in
// `alarms`; composite and math alarms are skipped). At most `limit` queries.
std::vector<aws::MetricQuery> alarm_metric_queries(const std::vector<aws::Alarm>& alarms,
                                                   std::size_t limit = 100);

}  // namespace opsdeck::app
