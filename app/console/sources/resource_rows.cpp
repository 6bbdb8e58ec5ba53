#include "app/console/sources/resource_rows.hpp"

#include <algorithm>
#include <ctime>

#include "aws/iso8601.hpp"
#include "aws/json_fields.hpp"
#include "widgets/sparkline.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

using ui::Role;
using ui::TableCell;

namespace {

TableCell text(const std::string& s, Role role = Role::Default) {
  return {ui::sanitize_plain(s), role};
}

int alarm_rank(const std::string& state) {
  if (state == "ALARM") return 0;
  if (state == "INSUFFICIENT_DATA") return 1;
  return 2;
}

}  // namespace

std::map<std::string, ResourceType> PaneRows::kind_map() const {
  std::map<std::string, ResourceType> out;
  for (std::size_t i = 0; i < keys.size() && i < kinds.size(); ++i) out[keys[i]] = kinds[i];
  return out;
}

std::vector<ui::Column> instance_columns() {
  return {{"NAME", 8, 32, 0},        {"STATE", 7, 13, 0},     {"TYPE", 6, 14, 2},
          {"PRIVATE IP", 10, 15, 3}, {"PUBLIC IP", 9, 15, 4}, {"AGE", 4, 6, 1, true}};
}
std::vector<ui::Column> database_columns() {
  return {{"ID", 8, 32, 0},
          {"ENGINE", 6, 16, 2},
          {"STATUS", 9, 14, 0},
          {"CLASS", 8, 16, 3},
          {"STORAGE", 7, 9, 1}};
}
std::vector<ui::Column> alarm_columns() {
  return {{"STATE", 5, 17, 0},
          {"NAME", 8, 40, 0},
          {"SINCE", 5, 8, 1},
          {"LAST 3H", 7, 18, 3},
          {"METRIC", 8, 24, 2}};
}
std::vector<ui::Column> log_columns() {
  return {{"TIME", 8, 8, 1}, {"SOURCE", 6, 24, 2}, {"MESSAGE", 10, 400, 0}};
}

std::string short_age(std::chrono::seconds age) {
  long long s = std::max<long long>(0, age.count());
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m";
  if (s < 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

std::string age_since(const std::string& iso8601, SysTime now) {
  auto t = aws::parse_iso8601(iso8601);
  if (!t) return "";
  return short_age(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

Role state_role(std::string_view s) {
  static constexpr std::string_view kGood[] = {"running", "available", "OK",   "healthy",
                                               "ACTIVE",  "RUNNING",   "READY"};
  static constexpr std::string_view kBad[] = {
      "stopped",      "terminated",
      "failed",       "ALARM",
      "unhealthy",    "incompatible-parameters",
      "storage-full", "inaccessible-encryption-credentials"};
  for (auto g : kGood)
    if (s == g) return Role::StateGood;
  for (auto b : kBad)
    if (s == b) return Role::StateBad;
  return Role::StateWarn;
}

PaneRows instance_rows(const std::vector<aws::Ec2Instance>& ec2,
                       const std::vector<aws::LightsailInstance>& lightsail, SysTime now) {
  PaneRows out;
  for (const auto& i : ec2) {
    out.rows.push_back({text(i.name.empty() ? i.id : i.name), text(i.state, state_role(i.state)),
                        text(i.type), text(i.private_ip), text(i.public_ip),
                        text(age_since(i.launch_time, now), Role::Dim)});
    out.keys.push_back(i.id);
    out.kinds.push_back(ResourceType::Ec2Instance);
    out.documents.push_back(i.raw);
  }
  for (const auto& i : lightsail) {
    out.rows.push_back({text(i.name), text(i.state, state_role(i.state)), text(i.bundle),
                        text(i.private_ip), text(i.public_ip),
                        text(age_since(i.created, now), Role::Dim)});
    out.keys.push_back("lightsail:" + i.name);  // unique beside EC2 ids; never parsed
    out.kinds.push_back(ResourceType::LightsailInstance);
    out.documents.push_back(i.raw);
  }
  return out;
}

PaneRows database_rows(const std::vector<aws::RdsInstance>& dbs, const std::vector<aws::CacheCluster>& caches) {
  PaneRows out;
  for (const auto& d : dbs) {
    out.rows.push_back({text(d.id),
                        text(d.engine + (d.engine_version.empty() ? "" : " " + d.engine_version)),
                        text(d.status, state_role(d.status)), text(d.instance_class),
                        text(std::to_string(d.storage_gb) + " GB")});
    out.keys.push_back(d.id);
    out.kinds.push_back(ResourceType::DbInstance);
    out.documents.push_back(d.raw);
  }
  for (const auto& c : caches) {
    out.rows.push_back({text(c.id),
                        text(c.engine + (c.engine_version.empty() ? "" : " " + c.engine_version)),
                        text(c.status, state_role(c.status)), text(c.node_type),
                        text(std::to_string(c.num_nodes) + (c.num_nodes == 1 ? " node" : " nodes"))});
    out.keys.push_back("elasticache:" + c.id);  // unique beside RDS ids; never parsed
    out.kinds.push_back(ResourceType::CacheCluster);
    out.documents.push_back(c.raw);
  }
  return out;
}

std::vector<aws::MetricQuery> alarm_metric_queries(const std::vector<aws::Alarm>& alarms,
                                                   std::size_t limit) {
  std::vector<aws::MetricQuery> out;
  for (std::size_t i = 0; i < alarms.size() && out.size() < limit; ++i) {
    const auto& a = alarms[i];
    if (a.type == "CompositeAlarm" || a.metric.empty() || a.namespace_.empty()) continue;
    aws::MetricQuery q;
    q.id = "m" + std::to_string(i);
    q.namespace_ = a.namespace_;
    q.metric = a.metric;
    q.period = a.period > 0 ? a.period : 300;
    q.stat = a.statistic.empty() ? "Average" : a.statistic;
    for (const auto& dim : aws::jarr(a.raw, "Dimensions"))
      if (dim.is_object()) q.dimensions.emplace_back(aws::jstr(dim, "Name"), aws::jstr(dim, "Value"));
    out.push_back(std::move(q));
  }
  return out;
}

PaneRows alarm_rows(const std::vector<aws::Alarm>& alarms, SysTime now,
                    const std::map<std::string, std::vector<double>>& series) {
  std::vector<const aws::Alarm*> sorted;
  for (const auto& a : alarms) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(), [](const aws::Alarm* a, const aws::Alarm* b) {
    int ra = alarm_rank(a->state), rb = alarm_rank(b->state);
    if (ra != rb) return ra < rb;
    return a->updated < b->updated;  // ISO-8601 UTC sorts as text: oldest change first
  });
  PaneRows out;
  for (const auto* a : sorted) {
    std::string metric = a->type == "CompositeAlarm" ? "composite" : a->metric;
    std::string spark;
    if (auto it = series.find(a->name); it != series.end() && !it->second.empty())
      spark = ui::sparkline(it->second, 18);
    out.rows.push_back({text(a->state, state_role(a->state)),
                        text(a->name),
                        text(age_since(a->updated, now), Role::Dim),
                        {spark, Role::Graph},
                        text(metric, Role::Dim)});
    out.keys.push_back(a->name);
    out.documents.push_back(a->raw);
  }
  return out;
}

}  // namespace opsdeck::app
