#pragma once
// Where a metric graph's datapoints come from: one asynchronous read of a window (start,
// end, period), either CloudWatch GetMetricData for one metric query, or Lightsail's
// GetContainerServiceMetricData for a container service (its metrics are not in
// CloudWatch). The console's metric charts and the alarm detail read through this.
//
// Threads: `done` runs once, on the AsyncCaller's completion thread (AwsClient: its IO
// thread); callers post to the UI thread from there.

#include <functional>
#include <string>

#include "app/metrics/metric_spec.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

struct MetricWindow {
  double start = 0, end = 0;  // epoch seconds
  int period = 60;
};

using MetricFetch =
    std::function<void(const MetricWindow& window, std::function<void(aws::Result<MetricPoints>)> done)>;

// GetMetricData for `query` (its period replaced by the window's), datapoints oldest first.
MetricFetch cloudwatch_metric_fetch(aws::AsyncCaller call, aws::MetricQuery query);
// GetContainerServiceMetricData of `service`: `metric` CPUUtilization | MemoryUtilization.
MetricFetch lightsail_container_metric_fetch(aws::AsyncCaller call, std::string service, std::string metric,
                                             std::string stat);

// The points of the series of a parsed GetMetricData answer, oldest first (the first series).
MetricPoints points_of(const std::vector<aws::MetricSeries>& series);

}  // namespace opsdeck::app
