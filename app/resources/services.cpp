#include "app/resources/services.hpp"

#include "app/resources/read_with_optional.hpp"

namespace opsdeck::app {

namespace {

using EcsResult = aws::Result<std::vector<aws::EcsService>>;
using LightsailResult = aws::Result<std::vector<aws::LightsailContainerService>>;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  read_with_optional<aws::EcsService, aws::LightsailContainerService>(
      [call](std::function<void(EcsResult)> got) { aws::all_services_async(call, std::move(got)); },
      [call](std::function<void(LightsailResult)> got) {
        aws::lightsail_container_services_async(call, true, std::move(got));
      },
      &OptionalSources::lightsail_unavailable, "Lightsail", service_list(), opts, std::move(done));
}

ResourceList make_list() {
  ResourceList l;
  l.name = "services";
  l.keys = {"cluster", "name", "desired", "running", "pending", "status", "last_deployment", "source"};
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
  return r;
}

}  // namespace opsdeck::app
