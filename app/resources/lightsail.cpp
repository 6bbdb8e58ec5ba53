#include "app/resources/lightsail.hpp"

#include "app/resources/when_both.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;
using InstancesResult = aws::Result<std::vector<aws::LightsailInstance>>;
using ServicesResult = aws::Result<std::vector<aws::LightsailContainerService>>;

void fetch(const aws::AsyncCaller& call, const FetchOptions&, SnapshotCallback done) {
  when_both<InstancesResult, ServicesResult>(
      [call](std::function<void(InstancesResult)> got) { aws::lightsail_instances_async(call, false, std::move(got)); },
      [call](std::function<void(ServicesResult)> got) {
        aws::lightsail_container_services_async(call, false, std::move(got));
      },
      [done = std::move(done)](InstancesResult instances, ServicesResult services) {
        if (!instances && !services) return done(instances.error());
        Snapshot s;
        if (instances)
          for (const auto& i : *instances) s.resources.push_back(lightsail_row(i));
        else
          s.left_out.push_back({"Lightsail instances", instances.error()});
        if (services)
          for (const auto& x : *services) s.resources.push_back(lightsail_row(x));
        else
          s.left_out.push_back({"Lightsail container services", services.error()});
        lightsail_list().sort(s.resources);
        done(std::move(s));
      });
}

Role deployment_role(const Resource& r) {
  auto next = field_text(r, "next_deployment_state");
  if (!next.empty()) return next == "FAILED" ? Role::StateBad : Role::StateWarn;
  auto current = field_text(r, "deployment_state");
  return current.empty() ? Role::Dim : state_role(current);
}

ResourceList make_list() {
  ResourceList l;
  l.name = "lightsail";
  l.keys = {"kind",     "name", "state", "size", "deployment_version", "deployment_state", "next_deployment_state",
            "disabled", "since"};
  l.pane = {
      {{"KIND", 4, 9, 1}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "kind"), Role::Dim); }},
      {{"NAME", 8, 40, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"STATE", 7, 12, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "state");
         return cell_of(s, field_flag(r, "disabled") ? Role::StateBad : state_role(s));
       }},
      {{"SIZE", 6, 16, 2}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "size")); }},
      {{"DEPLOYMENT", 10, 30, 0},
       [](const Resource& r, const CellContext&) {
         std::string text = "-";
         long long version = field_number(r, "deployment_version");
         if (version > 0)
           text = "v" + std::to_string(version) + " " + field_text(r, "deployment_state");
         auto next = field_text(r, "next_deployment_state");
         if (!next.empty()) text += " (next: " + next + ")";
         return cell_of(text, deployment_role(r));
       }},
      {{"AGE", 4, 6, 3, true},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "since"), c.now), Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    auto rank = [](const Resource& r) { return r.kind == ResourceType::LightsailInstance ? 0 : 1; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.id < b.id;
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& lightsail_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource lightsail_row(const aws::LightsailInstance& i) {
  Resource r{ResourceType::LightsailInstance, i.name, {}, i.raw};
  r.fields["kind"] = "instance";
  r.fields["name"] = i.name;
  r.fields["state"] = i.state;
  r.fields["size"] = i.bundle;
  r.fields["deployment_version"] = nullptr;
  r.fields["deployment_state"] = nullptr;
  r.fields["next_deployment_state"] = nullptr;
  r.fields["disabled"] = false;
  r.fields["since"] = null_if_empty(i.created);
  return r;
}

Resource lightsail_row(const aws::LightsailContainerService& s) {
  Resource r{ResourceType::LightsailService, s.name, {}, s.raw};
  r.fields["kind"] = "container";
  r.fields["name"] = s.name;
  r.fields["state"] = s.state;
  r.fields["size"] = s.power + " x" + std::to_string(s.scale);
  r.fields["deployment_version"] =
      s.current_deployment_version > 0 ? nlohmann::ordered_json(s.current_deployment_version) : nlohmann::ordered_json();
  r.fields["deployment_state"] = null_if_empty(s.current_deployment_state);
  r.fields["next_deployment_state"] = null_if_empty(s.next_deployment_state);
  r.fields["disabled"] = s.disabled;
  r.fields["since"] = null_if_empty(s.current_deployment_created);
  return r;
}

}  // namespace opsdeck::app
