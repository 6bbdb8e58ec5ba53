#include "app/metrics/standard_metrics.hpp"

#include "aws/ecs.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using Dims = std::vector<std::pair<std::string, std::string>>;
using R = aws::Result<Dims>;

aws::Error missing(const std::string& what) { return aws::make_error(aws::ErrorKind::Usage, what); }

// The row's id is the dimension's value (an instance id, a DB identifier, ...).
std::function<R(const std::string&, const nlohmann::json*)> by_id(std::string name) {
  return [name = std::move(name)](const std::string& id, const nlohmann::json*) -> R {
    if (id.empty()) return missing("the selected row has no id for " + name);
    return Dims{{name, id}};
  };
}

R ecs_service_dims(const std::string& id, const nlohmann::json* doc) {
  std::string cluster, service;
  if (doc) {
    cluster = aws::arn_last_segment(aws::jstr(*doc, "clusterArn"));
    service = aws::jstr(*doc, "serviceName");
  }
  auto slash = id.find('/');  // the row key is "cluster/service"
  if (cluster.empty() && slash != std::string::npos) cluster = id.substr(0, slash);
  if (service.empty() && slash != std::string::npos) service = id.substr(slash + 1);
  if (cluster.empty() || service.empty()) return missing("not an ECS service: " + id);
  return Dims{{"ClusterName", cluster}, {"ServiceName", service}};
}

R queue_dims(const std::string& id, const nlohmann::json* doc) {
  std::string url = doc ? aws::jstr(*doc, "QueueUrl", id) : id;
  auto slash = url.rfind('/');
  std::string name = slash == std::string::npos ? url : url.substr(slash + 1);
  if (name.empty()) return missing("no queue name in " + url);
  return Dims{{"QueueName", name}};
}

// "arn:aws:elasticloadbalancing:r:a:targetgroup/web/73e2" -> "targetgroup/web/73e2" (and
// "...:loadbalancer/app/web/50dc" -> "app/web/50dc"): the form CloudWatch's dimensions take.
std::string elb_dimension(const std::string& arn, const std::string& marker) {
  auto at = arn.find(marker);
  return at == std::string::npos ? "" : arn.substr(at + marker.size());
}

// A load balancer target's row: its target group and the group's (first) load balancer.
R target_dims(const std::string&, const nlohmann::json* doc) {
  std::string group = doc ? elb_dimension(aws::jstr(*doc, "TargetGroupArn"), ":targetgroup/") : "";
  if (group.empty()) return missing("the selected row names no target group");
  std::string lb;
  if (doc)
    for (const auto& arn : aws::jarr(*doc, "LoadBalancerArns"))
      if (arn.is_string() && lb.empty()) lb = elb_dimension(arn.get<std::string>(), ":loadbalancer/");
  if (lb.empty()) return missing("target group " + group + " is not attached to a load balancer (or it could not be read)");
  return Dims{{"TargetGroup", "targetgroup/" + group}, {"LoadBalancer", lb}};
}

R lightsail_dims(const std::string& id, const nlohmann::json* doc) {
  std::string name = doc ? aws::jstr(*doc, "containerServiceName", id) : id;
  if (name.empty()) return missing("the selected row names no container service");
  return Dims{{"serviceName", name}};
}

}  // namespace

const std::vector<StandardMetricSet>& standard_metric_sets() {
  static const std::vector<StandardMetricSet> kSets = {
      {ResourceType::Ec2Instance, MetricOrigin::CloudWatch, "AWS/EC2",
       {{"CPUUtilization", "Average", "Percent"},
        {"NetworkIn", "Sum", "Bytes"},
        {"NetworkOut", "Sum", "Bytes"},
        {"StatusCheckFailed", "Maximum", "Count"}},
       by_id("InstanceId")},
      {ResourceType::DbInstance, MetricOrigin::CloudWatch, "AWS/RDS",
       {{"CPUUtilization", "Average", "Percent"},
        {"DatabaseConnections", "Maximum", "Count"},
        {"FreeStorageSpace", "Minimum", "Bytes"},
        {"FreeableMemory", "Minimum", "Bytes"},
        {"ReadLatency", "Average", "Seconds"},
        {"WriteLatency", "Average", "Seconds"}},
       by_id("DBInstanceIdentifier")},
      {ResourceType::CacheCluster, MetricOrigin::CloudWatch, "AWS/ElastiCache",
       {{"CPUUtilization", "Average", "Percent"},
        {"CurrConnections", "Maximum", "Count"},
        {"CacheHitRate", "Average", "Percent"}},
       by_id("CacheClusterId")},
      {ResourceType::EcsService, MetricOrigin::CloudWatch, "AWS/ECS",
       {{"CPUUtilization", "Average", "Percent"}, {"MemoryUtilization", "Average", "Percent"}},
       ecs_service_dims},
      {ResourceType::SqsQueue, MetricOrigin::CloudWatch, "AWS/SQS",
       {{"ApproximateNumberOfMessagesVisible", "Maximum", "Count"},
        {"ApproximateAgeOfOldestMessage", "Maximum", "Seconds"},
        {"NumberOfMessagesReceived", "Sum", "Count"}},
       queue_dims},
      {ResourceType::Target, MetricOrigin::CloudWatch, "AWS/ApplicationELB",
       {{"RequestCount", "Sum", "Count"},
        {"HTTPCode_Target_5XX_Count", "Sum", "Count"},
        {"HTTPCode_Target_4XX_Count", "Sum", "Count"},
        {"TargetResponseTime", "Average", "Seconds"},
        {"HealthyHostCount", "Minimum", "Count"},
        {"UnHealthyHostCount", "Maximum", "Count"}},
       target_dims},
      {ResourceType::LightsailService, MetricOrigin::LightsailContainer, "Lightsail",
       {{"CPUUtilization", "Average", "Percent"}, {"MemoryUtilization", "Average", "Percent"}},
       lightsail_dims},
  };
  return kSets;
}

const StandardMetricSet* standard_metrics(ResourceType type) {
  for (const auto& s : standard_metric_sets())
    if (s.type == type) return &s;
  return nullptr;
}

std::string standard_unit(const std::string& namespace_, const std::string& metric) {
  for (const auto& s : standard_metric_sets()) {
    if (s.origin != MetricOrigin::CloudWatch || s.namespace_ != namespace_) continue;
    for (const auto& m : s.metrics)
      if (m.metric == metric) return m.unit;
  }
  return "";
}

aws::Result<std::vector<ResourceMetric>> resource_metrics(ResourceType type, const std::string& id,
                                                          const nlohmann::json* document) {
  const StandardMetricSet* set = standard_metrics(type);
  if (!set) {
    aws::Error e = missing("no standard metrics for this row");
    e.hint = "select an instance, database, cache cluster, ECS service, load balancer target, SQS queue or "
             "Lightsail container service, or use :metric NAMESPACE NAME DIM=VALUE";
    return e;
  }
  auto dims = set->dimensions(id, document);
  if (!dims) return dims.error();
  std::vector<ResourceMetric> out;
  for (const auto& m : set->metrics) {
    ResourceMetric r;
    r.origin = set->origin;
    r.spec.namespace_ = set->namespace_;
    r.spec.metric = m.metric;
    r.spec.dimensions = *dims;
    r.spec.stat = m.stat;
    r.unit = m.unit;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opsdeck::app
