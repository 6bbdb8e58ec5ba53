#include "app/resources/databases.hpp"

#include <ctime>

#include "app/resources/read_with_optional.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using RdsResult = aws::Result<std::vector<aws::RdsInstance>>;
using CacheResult = aws::Result<std::vector<aws::CacheCluster>>;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  read_with_optional<aws::RdsInstance, aws::CacheCluster>(
      [call](std::function<void(RdsResult)> got) { aws::describe_db_instances_async(call, std::move(got)); },
      [call](std::function<void(CacheResult)> got) { aws::describe_cache_clusters_async(call, std::move(got), true); },
      resource_of, resource_of, &OptionalSources::elasticache_unavailable, "ElastiCache", database_list(), opts, std::move(done));
}

ResourceList make_list() {
  ResourceList l;
  l.name = "databases";
  l.keys = {"id",     "engine",   "engine_version", "class",  "status", "endpoint", "multi_az",
            "storage_gb", "backup_retention_days", "source"};
  l.pane = {
      {{"ID", 8, 32, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"ENGINE", 6, 16, 2},
       [](const Resource& r, const CellContext&) {
         auto version = field_text(r, "engine_version");
         return cell_of(field_text(r, "engine") + (version.empty() ? "" : " " + version));
       }},
      {{"STATUS", 9, 14, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "status");
         return cell_of(s, state_role(s));
       }},
      {{"CLASS", 8, 16, 3}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "class")); }},
      // RDS: allocated storage; ElastiCache: the number of nodes.
      {{"STORAGE", 7, 9, 1},
       [](const Resource& r, const CellContext&) {
         if (r.kind == ResourceType::CacheCluster) {
           auto n = aws::jint_opt(r.document(), "NumCacheNodes").value_or(0);
           return cell_of(std::to_string(n) + (n == 1 ? " node" : " nodes"));
         }
         auto gb = r.fields.find("storage_gb");
         return cell_of(gb != r.fields.end() && gb->is_number() ? std::to_string(gb->get<long long>()) + " GB" : "");
       }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    auto rank = [](const Resource& r) { return r.kind == ResourceType::DbInstance ? 0 : 1; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.id < b.id;
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& database_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::RdsInstance& d) {
  Resource r{ResourceType::DbInstance, d.id, {}, d.raw};
  r.fields["id"] = d.id;
  r.fields["engine"] = d.engine;
  r.fields["engine_version"] = d.engine_version;
  r.fields["class"] = d.instance_class;
  r.fields["status"] = d.status;
  r.fields["endpoint"] = null_if_empty(d.endpoint);
  r.fields["multi_az"] = d.multi_az;
  r.fields["storage_gb"] = d.storage_gb;
  r.fields["backup_retention_days"] = d.backup_retention_days;
  r.fields["source"] = "rds";
  return r;
}

Resource resource_of(const aws::CacheCluster& c) {
  Resource r{ResourceType::CacheCluster, c.id, {}, c.raw};
  r.fields["id"] = c.id;
  r.fields["engine"] = c.engine;
  r.fields["engine_version"] = c.engine_version;
  r.fields["class"] = c.node_type;
  r.fields["status"] = c.status;
  r.fields["endpoint"] = null_if_empty(c.endpoint);
  r.fields["multi_az"] = false;
  r.fields["storage_gb"] = nullptr;
  r.fields["backup_retention_days"] = c.snapshot_retention_days;
  r.fields["source"] = "elasticache";
  return r;
}

std::string opsdeck_snapshot_name(const std::string& db) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return db + "-opsdeck-" + buf;
}

}  // namespace opsdeck::app
