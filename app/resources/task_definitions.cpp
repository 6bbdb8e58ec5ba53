#include "app/resources/task_definitions.hpp"

#include "aws/ecs.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.parent || opts.parent->kind != ResourceType::EcsService)
    return done(parent_required("task-definition revisions are listed for one ECS service"));
  const auto& doc = opts.parent->document();
  std::string cluster = aws::arn_last_segment(aws::jstr(doc, "clusterArn"));
  std::string service = aws::jstr(doc, "serviceName");
  std::string current = aws::jstr(doc, "taskDefinition");
  std::string family = aws::task_definition_family(current);
  if (family.empty()) return done(aws::make_error(aws::ErrorKind::Parse, service + " names no task definition"));
  aws::revisions_async(call, family,
                       [cluster, service, current, done = std::move(done)](
                           aws::Result<std::vector<aws::TaskDefinitionRevision>> r) {
                         if (!r) return done(r.error());
                         Snapshot s{revision_resources(*r, cluster, service, current), {}, {}};
                         revision_list().sort(s.resources);
                         done(std::move(s));
                       });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "revisions";
  l.keys = {"revision", "current", "registered", "images", "arn"};
  l.needs_parent = true;
  l.pane = {
      {{"REVISION", 8, 8, 0, true},
       [](const Resource& r, const CellContext&) {
         bool current = field_flag(r, "current");
         return cell_of(std::to_string(field_number(r, "revision")) + (current ? " *" : ""),
                        current ? Role::StateGood : Role::Default);
       }},
      {{"REGISTERED", 10, 10, 1, true},
       [](const Resource& r, const CellContext& c) { return cell_of(age_since(field_text(r, "registered"), c.now), Role::Dim); }},
      {{"IMAGES", 10, 200, 0}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "images")); }},
  };
  l.before = [](const Resource& a, const Resource& b) { return field_number(a, "revision") > field_number(b, "revision"); };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& revision_list() {
  static const ResourceList list = make_list();
  return list;
}

std::vector<Resource> revision_resources(const std::vector<aws::TaskDefinitionRevision>& revisions,
                                         const std::string& cluster, const std::string& service,
                                         const std::string& current) {
  std::vector<Resource> out;
  for (const auto& rev : revisions) {
    nlohmann::json doc = {{"taskDefinition", rev.raw},
                          {"service", {{"cluster", cluster}, {"serviceName", service}, {"taskDefinition", current}}}};
    Resource r{ResourceType::TaskDefinition, rev.arn, {}, std::move(doc)};
    std::string images;
    for (const auto& i : rev.images) images += (images.empty() ? "" : ", ") + i;
    r.fields["revision"] = rev.revision;
    r.fields["current"] = rev.arn == current ||
                          (aws::task_definition_family(current) == rev.family &&
                           aws::task_definition_revision(current) == rev.revision);
    r.fields["registered"] = null_if_empty(rev.registered);
    r.fields["images"] = images;
    r.fields["arn"] = rev.arn;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opsdeck::app
