#include "app/resources/secrets.hpp"

#include <nlohmann/json.hpp>

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions&, SnapshotCallback done) {
  aws::list_secrets_async(call, [done = std::move(done)](aws::Result<std::vector<aws::SecretSummary>> r) {
    if (!r) return done(r.error());
    Snapshot s;
    for (const auto& x : *r) s.resources.push_back(resource_of(x));
    secret_list().sort(s.resources);
    done(std::move(s));
  });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "secrets";
  l.keys = {"name", "arn", "description", "last_changed", "rotation"};
  l.pane = {
      {{"NAME", 10, 50, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"DESCRIPTION", 11, 50, 2},
       [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "description"), Role::Dim); }},
      {{"CHANGED", 7, 7, 1, true},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "last_changed"), c.now), Role::Dim);
       }},
      {{"ROTATION", 8, 8, 3},
       [](const Resource& r, const CellContext&) {
         bool on = field_flag(r, "rotation");
         return cell_of(on ? "on" : "off", on ? Role::StateGood : Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) { return a.id < b.id; };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& secret_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::SecretSummary& s) {
  Resource r{ResourceType::Secret,
             s.name,
             {},
             {{"Name", s.name},
              {"ARN", s.arn},
              {"Description", s.description},
              {"LastChangedDate", s.last_changed},
              {"RotationEnabled", s.rotation_enabled}}};
  r.fields["name"] = s.name;
  r.fields["arn"] = s.arn;
  r.fields["description"] = null_if_empty(s.description);
  r.fields["last_changed"] = null_if_empty(s.last_changed);
  r.fields["rotation"] = s.rotation_enabled;
  return r;
}

namespace {
constexpr std::size_t kMaxSecretBytes = 65536;  // SecretsManager's limit on a SecretString
}  // namespace

std::string validate_secret_value(const std::string& value, bool json_secret) {
  if (value.empty()) return "a secret's value cannot be empty";
  if (value.size() > kMaxSecretBytes) return "a secret's value is at most 65536 bytes";
  if (json_secret) {
    auto doc = nlohmann::json::parse(value, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return "the secret holds a JSON object: the new value must be one too";
  }
  return "";
}

}  // namespace opsdeck::app
