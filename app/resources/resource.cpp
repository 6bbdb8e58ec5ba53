#include "app/resources/resource.hpp"

namespace opsdeck::app {

std::string row_key(ResourceType kind, const std::string& id) {
  switch (kind) {
    case ResourceType::LightsailInstance:
      return "lightsail:" + id;
    case ResourceType::LightsailService:
      return "container:" + id;
    case ResourceType::CacheCluster:
      return "elasticache:" + id;
    default:
      return id;
  }
}

std::string row_key(const Resource& r) { return row_key(r.kind, r.id); }

std::string display_label(const Resource& r) {
  auto it = r.fields.find("name");
  std::string name = it != r.fields.end() && it->is_string() ? it->get<std::string>() : "";
  return name.empty() || name == r.id ? r.id : name + " (" + r.id + ")";
}

std::string resource_arn(const nlohmann::json& document) {
  static const char* const kKeys[] = {
      "ARN",          "arn",           "DBInstanceArn",    "DBClusterArn",      "DBSnapshotArn", "AlarmArn",
      "serviceArn",   "taskArn",       "containerInstanceArn", "taskDefinitionArn", "clusterArn",
      "QueueArn",     "TargetGroupArn", "LoadBalancerArn", "FunctionArn",       "TopicArn",      "logGroupArn"};
  if (!document.is_object()) return {};
  for (const char* k : kKeys) {
    auto it = document.find(k);
    if (it != document.end() && it->is_string()) {
      const std::string& v = it->get_ref<const std::string&>();
      if (v.rfind("arn:", 0) == 0) return v;
    }
  }
  return {};
}

}  // namespace opsdeck::app
