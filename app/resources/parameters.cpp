#include "app/resources/parameters.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions&, SnapshotCallback done) {
  aws::describe_parameters_async(call, [done = std::move(done)](aws::Result<std::vector<aws::ParameterMeta>> r) {
    if (!r) return done(r.error());
    Snapshot s;
    for (const auto& p : *r) s.resources.push_back(resource_of(p));
    parameter_list().sort(s.resources);
    done(std::move(s));
  });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "parameters";
  l.keys = {"name", "type", "version", "last_modified", "tier", "description"};
  l.pane = {
      {{"NAME", 10, 60, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"TYPE", 6, 12, 1},
       [](const Resource& r, const CellContext&) {
         auto type = field_text(r, "type");
         return cell_of(type, type == "SecureString" ? Role::StateWarn : Role::Default);
       }},
      {{"VERSION", 7, 7, 2, true},
       [](const Resource& r, const CellContext&) {
         return cell_of(std::to_string(field_number(r, "version")), Role::Dim);
       }},
      {{"MODIFIED", 8, 8, 1, true},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "last_modified"), c.now), Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) { return a.id < b.id; };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& parameter_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::ParameterMeta& p) {
  Resource r{ResourceType::Parameter, p.name, {}, p.raw};
  r.fields["name"] = p.name;
  r.fields["type"] = p.type;
  r.fields["version"] = p.version;
  r.fields["last_modified"] = null_if_empty(p.last_modified);
  r.fields["tier"] = null_if_empty(p.tier);
  r.fields["description"] = null_if_empty(p.description);
  return r;
}

}  // namespace opsdeck::app
