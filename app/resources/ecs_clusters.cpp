#include "app/resources/ecs_clusters.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions&, SnapshotCallback done) {
  aws::clusters_async(call, [done = std::move(done)](aws::Result<std::vector<aws::EcsCluster>> r) {
    if (!r) return done(r.error());
    Snapshot s;
    for (const auto& c : *r) s.resources.push_back(resource_of(c));
    cluster_list().sort(s.resources);
    done(std::move(s));
  });
}

PaneColumn count(ui::Column column, const char* key, Role nonzero) {
  return {std::move(column), [key, nonzero](const Resource& r, const CellContext&) {
            long long n = field_number(r, key);
            return cell_of(std::to_string(n), n ? nonzero : Role::Dim);
          }};
}

ResourceList make_list() {
  ResourceList l;
  l.name = "clusters";
  l.keys = {"name", "status", "services", "running", "pending", "instances"};
  l.pane = {
      {{"CLUSTER", 8, 40, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"STATUS", 6, 12, 1},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "status");
         return cell_of(s, state_role(s));
       }},
      {{"SERVICES", 8, 8, 0, true},
       [](const Resource& r, const CellContext&) { return cell_of(std::to_string(field_number(r, "services"))); }},
      count({"RUNNING", 7, 7, 0, true}, "running", Role::StateGood),
      count({"PENDING", 7, 7, 0, true}, "pending", Role::StateWarn),
      {{"INSTANCES", 9, 9, 2, true},
       [](const Resource& r, const CellContext&) {
         return cell_of(std::to_string(field_number(r, "instances")), Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) { return a.id < b.id; };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& cluster_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::EcsCluster& c) {
  Resource r{ResourceType::EcsCluster, c.name, {}, c.raw};
  r.fields["name"] = c.name;
  r.fields["status"] = c.status;
  r.fields["services"] = c.active_services;
  r.fields["running"] = c.running_tasks;
  r.fields["pending"] = c.pending_tasks;
  r.fields["instances"] = c.container_instances;
  return r;
}

}  // namespace opsdeck::app
