#include "app/resources/ecs_tasks.hpp"

#include <algorithm>

#include "aws/ecs_clusters.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

// Keeps the tasks a service launched (group "service:NAME"); moto ignores ListTasks'
// serviceName, and a real cluster answers the same, so the filter is harmless there.
bool of_service(const aws::EcsTask& t, const std::string& service) {
  std::string group = aws::jstr(t.raw, "group");
  return group.empty() || group == "service:" + service;
}

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.parent || opts.parent->kind != ResourceType::EcsService)
    return done(parent_required("tasks are listed under one ECS service"));
  std::string cluster = field_text(*opts.parent, "cluster"), service = field_text(*opts.parent, "name");
  aws::service_tasks_async(call, cluster, service,
                           [service, done = std::move(done)](aws::Result<std::vector<aws::EcsTask>> r) {
                             if (!r) return done(r.error());
                             Snapshot s;
                             for (const auto& t : *r)
                               if (of_service(t, service)) s.resources.push_back(resource_of(t));
                             task_list().sort(s.resources);
                             done(std::move(s));
                           });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "tasks";
  l.needs_parent = true;
  l.keys = {"id", "cluster", "last_status", "desired_status", "started_at", "stopped_at", "stopped_reason", "exit_codes"};
  l.pane = {
      {{"TASK", 8, 36, 0}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "id")); }},
      {{"LAST", 7, 12, 0},
       [](const Resource& r, const CellContext&) {
         auto last = field_text(r, "last_status");
         bool stopped = last == "STOPPED" || field_text(r, "desired_status") == "STOPPED";
         return cell_of(last, stopped ? Role::StateBad : state_role(last));
       }},
      {{"DESIRED", 7, 9, 1},
       [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "desired_status"), Role::Dim); }},
      {{"STARTED", 7, 7, 2, true},
       [](const Resource& r, const CellContext& c) {
         auto started = field_text(r, "started_at");
         return cell_of(started.empty() ? "-" : age_since(started, c.now), Role::Dim);
       }},
      {{"STOPPED REASON", 14, 60, 0},
       [](const Resource& r, const CellContext&) {
         auto reason = field_text(r, "stopped_reason");
         return reason.empty() ? cell_of("-", Role::Dim) : cell_of(reason, Role::StateBad);
       }},
      {{"EXIT CODES", 10, 30, 0},
       [](const Resource& r, const CellContext&) {
         std::string codes;
         bool failed = false;
         for (const auto& [name, code] : field_value(r, "exit_codes").items()) {
           if (!codes.empty()) codes += " ";
           codes += name + ":" + code.dump();
           failed = failed || code != 0;
         }
         return cell_of(codes.empty() ? "-" : codes, failed ? Role::StateBad : Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    bool ra = field_text(a, "last_status") == "RUNNING", rb = field_text(b, "last_status") == "RUNNING";
    if (ra != rb) return ra;
    auto latest = [](const Resource& r) { return std::max(field_text(r, "stopped_at"), field_text(r, "started_at")); };
    return latest(a) > latest(b);
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& task_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::EcsTask& t) {
  Resource r{ResourceType::EcsTask, t.arn, {}, t.raw};
  r.fields["id"] = t.id;
  r.fields["cluster"] = t.cluster;
  r.fields["last_status"] = t.last_status;
  r.fields["desired_status"] = t.desired_status;
  r.fields["started_at"] = null_if_empty(t.started_at);
  r.fields["stopped_at"] = null_if_empty(t.stopped_at);
  r.fields["stopped_reason"] = null_if_empty(t.stopped_reason.empty() ? t.stop_code : t.stopped_reason);
  r.fields["exit_codes"] = nlohmann::ordered_json::object();
  for (const auto& c : t.containers)
    if (c.exit_code) r.fields["exit_codes"][c.name] = *c.exit_code;
  return r;
}

}  // namespace opsdeck::app
