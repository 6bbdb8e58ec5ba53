#include "app/list_rows.hpp"

#include <fmt/format.h>

#include <map>

namespace opsdeck::app {

namespace {
nlohmann::json null_if_empty(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
}  // namespace

Row instance_row(const aws::Ec2Instance& i) {
  Row r;
  r["id"] = i.id;
  r["name"] = i.name;
  r["state"] = i.state;
  r["type"] = i.type;
  r["private_ip"] = null_if_empty(i.private_ip);
  r["public_ip"] = null_if_empty(i.public_ip);
  r["az"] = i.az;
  r["launch_time"] = null_if_empty(i.launch_time);
  r["source"] = "ec2";
  return r;
}

Row instance_row(const aws::LightsailInstance& i) {
  Row r;
  r["id"] = i.name;  // Lightsail instances are addressed by name
  r["name"] = i.name;
  r["state"] = i.state;
  r["type"] = i.bundle;
  r["private_ip"] = null_if_empty(i.private_ip);
  r["public_ip"] = null_if_empty(i.public_ip);
  r["az"] = i.az;
  r["launch_time"] = null_if_empty(i.created);
  r["source"] = "lightsail";
  return r;
}

Row database_row(const aws::RdsInstance& d) {
  Row r;
  r["id"] = d.id;
  r["engine"] = d.engine;
  r["engine_version"] = d.engine_version;
  r["class"] = d.instance_class;
  r["status"] = d.status;
  r["endpoint"] = null_if_empty(d.endpoint);
  r["multi_az"] = d.multi_az;
  r["storage_gb"] = d.storage_gb;
  r["backup_retention_days"] = d.backup_retention_days;
  r["source"] = "rds";
  return r;
}

Row database_row(const aws::CacheCluster& c) {
  // ElastiCache: the node type is the class; no storage size; backups are snapshots.
  Row r;
  r["id"] = c.id;
  r["engine"] = c.engine;
  r["engine_version"] = c.engine_version;
  r["class"] = c.node_type;
  r["status"] = c.status;
  r["endpoint"] = null_if_empty(c.endpoint);
  r["multi_az"] = false;
  r["storage_gb"] = nullptr;
  r["backup_retention_days"] = c.snapshot_retention_days;
  r["source"] = "elasticache";
  return r;
}

Row alarm_row(const aws::Alarm& a) {
  Row r;
  r["name"] = a.name;
  r["state"] = a.state;
  r["reason"] = a.reason;
  r["metric"] = a.type == "CompositeAlarm" ? nlohmann::json(nullptr) : null_if_empty(a.metric);
  r["namespace"] = null_if_empty(a.namespace_);
  r["threshold"] = a.has_threshold ? nlohmann::json(a.threshold) : nlohmann::json(nullptr);
  r["comparison"] = null_if_empty(a.comparison);
  r["updated"] = null_if_empty(a.updated);
  return r;
}

Row service_row(const aws::EcsService& s) {
  Row r;
  r["cluster"] = s.cluster;
  r["name"] = s.name;
  r["desired"] = s.desired;
  r["running"] = s.running;
  r["pending"] = s.pending;
  r["status"] = s.status;
  r["last_deployment"] = null_if_empty(s.last_deployment);
  r["source"] = "ecs";
  return r;
}

Row service_row(const aws::LightsailContainerService& s) {
  // Lightsail has no cluster; "running" is the scale while the service is RUNNING and a
  // deployment in progress counts as pending.
  Row r;
  r["cluster"] = nullptr;
  r["name"] = s.name;
  r["desired"] = s.scale;
  r["running"] = s.state == "RUNNING" ? s.scale : 0;
  r["pending"] = s.next_deployment_state.empty() ? 0 : s.scale;
  r["status"] = s.state;
  r["last_deployment"] = null_if_empty(s.current_deployment_created);
  r["source"] = "lightsail";
  return r;
}

const std::vector<std::string>& list_keys(const std::string& kind) {
  static const std::map<std::string, std::vector<std::string>> keys{
      {"instances", {"id", "name", "state", "type", "private_ip", "public_ip", "az", "launch_time", "source"}},
      {"databases", {"id", "engine", "engine_version", "class", "status", "endpoint", "multi_az",
                     "storage_gb", "backup_retention_days", "source"}},
      {"alarms", {"name", "state", "reason", "metric", "namespace", "threshold", "comparison", "updated"}},
      {"services", {"cluster", "name", "desired", "running", "pending", "status", "last_deployment", "source"}},
  };
  static const std::vector<std::string> none;
  auto it = keys.find(kind);
  return it == keys.end() ? none : it->second;
}

std::vector<std::string> table_headers(const Row& row) {
  std::vector<std::string> out;
  for (const auto& [k, v] : row.items()) {
    std::string h = k;
    for (auto& c : h) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    out.push_back(h);
  }
  return out;
}

std::vector<std::string> table_cells(const Row& row) {
  std::vector<std::string> out;
  for (const auto& [k, v] : row.items()) {
    if (v.is_null()) out.emplace_back("-");
    else if (v.is_string()) out.push_back(v.get<std::string>());
    else if (v.is_boolean()) out.emplace_back(v.get<bool>() ? "yes" : "no");
    else if (v.is_number_float()) out.push_back(fmt::format("{:g}", v.get<double>()));
    else out.push_back(v.dump());
  }
  return out;
}

}  // namespace opsdeck::app
