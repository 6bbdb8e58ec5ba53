#include "app/resources/db_snapshots.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions&, SnapshotCallback done) {
  aws::describe_db_snapshots_async(call, [done = std::move(done)](aws::Result<std::vector<aws::RdsSnapshot>> r) {
    if (!r) return done(r.error());
    Snapshot s;
    for (const auto& x : *r) s.resources.push_back(resource_of(x));
    db_snapshot_list().sort(s.resources);
    done(std::move(s));
  });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "snapshots";
  l.keys = {"id", "instance", "type", "status", "created", "engine", "storage_gb"};
  l.pane = {
      {{"SNAPSHOT", 8, 60, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"DATABASE", 8, 40, 1}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "instance")); }},
      {{"TYPE", 9, 9, 3}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "type"), Role::Dim); }},
      {{"STATUS", 9, 12, 2},
       [](const Resource& r, const CellContext&) {
         std::string st = field_text(r, "status");
         return cell_of(st, st == "available" ? Role::StateGood : Role::StateWarn);
       }},
      {{"AGE", 5, 5, 1, true},
       [](const Resource& r, const CellContext& c) { return cell_of(age_since(field_text(r, "created"), c.now), Role::Dim); }},
  };
  l.before = [](const Resource& a, const Resource& b) { return field_text(a, "created") > field_text(b, "created"); };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& db_snapshot_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::RdsSnapshot& s) {
  Resource r{ResourceType::DbSnapshot, s.id, {}, s.raw};
  r.fields["id"] = s.id;
  r.fields["instance"] = s.instance_id;
  r.fields["type"] = s.type;
  r.fields["status"] = s.status;
  r.fields["created"] = null_if_empty(s.created);
  r.fields["engine"] = s.engine;
  r.fields["storage_gb"] = s.storage_gb;
  return r;
}

}  // namespace opsdeck::app
