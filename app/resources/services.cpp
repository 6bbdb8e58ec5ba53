#include "app/resources/services.hpp"

#include "app/resources/read_with_optional.hpp"

namespace opsdeck::app {

namespace {

using EcsResult = aws::Result<std::vector<aws::EcsService>>;
using LightsailResult = aws::Result<std::vector<aws::LightsailContainerService>>;

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (opts.parent && opts.parent->kind == ResourceType::EcsCluster) {
    aws::cluster_services_async(call, opts.parent->id, [done = std::move(done)](EcsResult r) {
      if (!r) return done(r.error());
      Snapshot s;
      for (const auto& x : *r) s.resources.push_back(resource_of(x));
      service_list().sort(s.resources);
      done(std::move(s));
    });
    return;
  }
  read_with_optional<aws::EcsService, aws::LightsailContainerService>(
      [call](std::function<void(EcsResult)> got) { aws::all_services_async(call, std::move(got)); },
      [call](std::function<void(LightsailResult)> got) {
        aws::lightsail_container_services_async(call, true, std::move(got));
      },
      resource_of, resource_of, &OptionalSources::lightsail_unavailable, "Lightsail", service_list(), opts, std::move(done));
}

ResourceList make_list() {
  ResourceList l;
  l.name = "services";
  l.keys = {"cluster",         "name",   "desired", "running", "pending",
            "status",          "last_deployment", "source", "rollout", "task_definition"};
  auto number = [](const Resource& r, const char* key) { return std::to_string(field_number(r, key)); };
  l.pane = {
      {{"SERVICE", 8, 36, 0}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "name")); }},
      {{"DESIRED", 7, 7, 0, true},
       [number](const Resource& r, const CellContext&) { return cell_of(number(r, "desired")); }},
      {{"RUNNING", 7, 7, 0, true},
       [number](const Resource& r, const CellContext&) {
         long long running = field_number(r, "running"), desired = field_number(r, "desired");
         Role role = running >= desired ? Role::StateGood : running == 0 ? Role::StateBad : Role::StateWarn;
         return cell_of(number(r, "running"), role);
       }},
      {{"PENDING", 7, 7, 1, true},
       [number](const Resource& r, const CellContext&) {
         return cell_of(number(r, "pending"), field_number(r, "pending") ? Role::StateWarn : Role::Dim);
       }},
      {{"STATUS", 6, 10, 2},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "status");
         return cell_of(s, state_role(s));
       }},
      {{"DEPLOYED", 8, 8, 1, true},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "last_deployment"), c.now), Role::Dim);
       }},
      {{"ROLLOUT", 7, 12, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "rollout");
         Role role = s == "COMPLETED" ? Role::StateGood
                     : s == "FAILED"  ? Role::StateBad
                     : s.empty()      ? Role::Dim
                                      : Role::StateWarn;
         return cell_of(s.empty() ? "-" : s, role);
       }},
      {{"TASK DEF", 8, 30, 3},
       [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "task_definition"), Role::Dim); }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    auto rank = [](const Resource& r) { return r.kind == ResourceType::EcsService ? 0 : 1; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    auto ca = field_text(a, "cluster"), cb = field_text(b, "cluster");
    if (ca != cb) return ca < cb;
    return field_text(a, "name") < field_text(b, "name");
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& service_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::EcsService& s) {
  Resource r{ResourceType::EcsService, s.cluster + "/" + s.name, {}, s.raw};
  r.fields["cluster"] = s.cluster;
  r.fields["name"] = s.name;
  r.fields["desired"] = s.desired;
  r.fields["running"] = s.running;
  r.fields["pending"] = s.pending;
  r.fields["status"] = s.status;
  r.fields["last_deployment"] = null_if_empty(s.last_deployment);
  r.fields["source"] = "ecs";
  r.fields["rollout"] = null_if_empty(s.rollout_state);
  r.fields["task_definition"] = null_if_empty(s.task_definition);
  return r;
}

Resource resource_of(const aws::LightsailContainerService& s) {
  // No cluster; "running" is the scale while the service is RUNNING, and a deployment in
  // progress counts as pending.
  Resource r{ResourceType::LightsailService, s.name, {}, s.raw};
  r.fields["cluster"] = nullptr;
  r.fields["name"] = s.name;
  r.fields["desired"] = s.scale;
  r.fields["running"] = s.state == "RUNNING" ? s.scale : 0;
  r.fields["pending"] = s.next_deployment_state.empty() ? 0 : s.scale;
  r.fields["status"] = s.state;
  r.fields["last_deployment"] = null_if_empty(s.current_deployment_created);
  r.fields["source"] = "lightsail";
  r.fields["rollout"] = null_if_empty(s.next_deployment_state);
  r.fields["task_definition"] = nullptr;
  return r;
}

}  // namespace opsdeck::app
