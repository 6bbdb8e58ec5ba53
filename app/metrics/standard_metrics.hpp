#pragma once
// The standard metrics of each kind of resource, in one table: what `m` on a row shows.
//   EC2 instance           AWS/EC2 CPUUtilization, NetworkIn, NetworkOut, StatusCheckFailed
//                          by InstanceId
//   RDS instance           AWS/RDS CPUUtilization, DatabaseConnections, FreeStorageSpace,
//                          FreeableMemory, ReadLatency, WriteLatency by DBInstanceIdentifier
//   ElastiCache cluster    AWS/ElastiCache CPUUtilization, CurrConnections, CacheHitRate by
//                          CacheClusterId
//   ECS service            AWS/ECS CPUUtilization, MemoryUtilization by ClusterName+ServiceName
//   load balancer target   AWS/ApplicationELB RequestCount, HTTPCode_Target_5XX_Count,
//   (ECS service → `t`)    HTTPCode_Target_4XX_Count, TargetResponseTime, HealthyHostCount,
//                          UnHealthyHostCount by TargetGroup+LoadBalancer (the target group's)
//   SQS queue              AWS/SQS ApproximateNumberOfMessagesVisible,
//                          ApproximateAgeOfOldestMessage, NumberOfMessagesReceived by QueueName
//   Lightsail container    CPUUtilization, MemoryUtilization from Lightsail's
//   service                GetContainerServiceMetricData (not in CloudWatch)
// A kind not in the table has no standard metrics (`m` says so). The dimensions come from the
// row's id and AWS document (an ECS service's cluster and name, a queue's name from its URL).
// Pure; any thread.

#include <nlohmann/json.hpp>

#include <functional>

#include <string>
#include <utility>
#include <vector>

#include "app/metrics/metric_spec.hpp"
#include "app/resources/resource_type.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

enum class MetricOrigin { CloudWatch, LightsailContainer };

struct StandardMetric {
  std::string metric;  // "CPUUtilization"
  std::string stat;    // the statistic that reads best for it ("Average", "Maximum", "Sum")
  std::string unit;    // "Percent", "Bytes", "Count", "Seconds"
};

struct StandardMetricSet {
  ResourceType type = ResourceType::None;
  MetricOrigin origin = MetricOrigin::CloudWatch;
  std::string namespace_;  // "AWS/EC2"; for Lightsail "Lightsail" (a label only)
  std::vector<StandardMetric> metrics;
  // The dimensions from the row (id, document); an error when the row does not say enough.
  // For Lightsail one pseudo-dimension, serviceName.
  std::function<aws::Result<std::vector<std::pair<std::string, std::string>>>(
      const std::string& id, const nlohmann::json* document)>
      dimensions;
};

// The table; every kind at most once.
const std::vector<StandardMetricSet>& standard_metric_sets();
// The set for `type`, or nullptr when the kind has no standard metrics.
const StandardMetricSet* standard_metrics(ResourceType type);
// The unit the table knows for a CloudWatch metric ("" when it is not in the table).
std::string standard_unit(const std::string& namespace_, const std::string& metric);

// One metric of a resource, ready to graph: the spec (CloudWatch) and its unit.
struct ResourceMetric {
  MetricOrigin origin = MetricOrigin::CloudWatch;
  MetricSpec spec;  // for Lightsail: namespace "Lightsail", dimension serviceName
  std::string unit;
};
// The standard metrics of a row, or an error saying why there are none.
aws::Result<std::vector<ResourceMetric>> resource_metrics(ResourceType type, const std::string& id,
                                                          const nlohmann::json* document);

}  // namespace opsdeck::app
