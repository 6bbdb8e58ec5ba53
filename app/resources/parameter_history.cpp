#include "app/resources/parameter_history.hpp"

#include "app/text_diff.hpp"
#include "aws/secret_wipe.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

std::string change_text(const aws::ParameterVersion* before, const aws::ParameterVersion& v) {
  if (!before) return "first version";
  if (v.type == "SecureString" || before->type == "SecureString") return "encrypted";
  std::string a = comparable_text(before->value);
  std::string b = comparable_text(v.value);
  TextDiff d = diff_lines(a, b);
  if (d.same()) return before->type == v.type ? "no change" : "type " + before->type + " -> " + v.type;
  return "+" + std::to_string(d.added) + " -" + std::to_string(d.removed) + " lines";
}

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.parent || opts.parent->kind != ResourceType::Parameter)
    return done(parent_required("a version history is listed for one SSM parameter"));
  aws::parameter_history_async(call, opts.parent->id, false,
                               [done = std::move(done)](aws::Result<std::vector<aws::ParameterVersion>> r) {
                                 if (!r) return done(r.error());
                                 Snapshot s{parameter_version_resources(*r), {}, {}};
                                 for (auto& v : *r) aws::wipe(v.value);
                                 parameter_history_list().sort(s.resources);
                                 done(std::move(s));
                               });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "parameter-history";
  l.keys = {"name", "version", "current", "type", "last_modified", "user", "labels", "description", "change"};
  l.needs_parent = true;
  l.pane = {
      {{"VERSION", 7, 9, 0, true},
       [](const Resource& r, const CellContext&) {
         bool current = field_flag(r, "current");
         return cell_of(std::to_string(field_number(r, "version")) + (current ? " *" : ""),
                        current ? Role::StateGood : Role::Default);
       }},
      {{"MODIFIED", 8, 8, 1, true},
       [](const Resource& r, const CellContext& c) { return cell_of(age_since(field_text(r, "last_modified"), c.now), Role::Dim); }},
      {{"CHANGE", 8, 16, 0},
       [](const Resource& r, const CellContext&) {
         auto text = field_text(r, "change");
         return cell_of(text, text == "encrypted" ? Role::StateWarn : Role::Default);
       }},
      {{"BY", 6, 60, 2}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "user"), Role::Dim); }},
      {{"LABELS", 6, 30, 3}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "labels")); }},
  };
  l.before = [](const Resource& a, const Resource& b) { return field_number(a, "version") > field_number(b, "version"); };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& parameter_history_list() {
  static const ResourceList list = make_list();
  return list;
}

std::vector<Resource> parameter_version_resources(const std::vector<aws::ParameterVersion>& versions) {
  std::vector<Resource> out;
  long long newest = 0;
  for (const auto& v : versions) newest = std::max(newest, v.version);
  const aws::ParameterVersion* before = nullptr;
  for (const auto& v : versions) {
    nlohmann::json doc = {{"Name", v.name},
                          {"Version", v.version},
                          {"Current", v.version == newest},
                          {"Type", v.type},
                          {"LastModifiedDate", v.last_modified},
                          {"LastModifiedUser", v.last_modified_user},
                          {"Labels", v.labels},
                          {"Description", v.description}};
    Resource r{ResourceType::ParameterVersion, v.name + ":" + std::to_string(v.version), {}, std::move(doc)};
    std::string labels;
    for (const auto& l : v.labels) labels += (labels.empty() ? "" : ", ") + l;
    r.fields["name"] = v.name;
    r.fields["version"] = v.version;
    r.fields["current"] = v.version == newest;
    r.fields["type"] = v.type;
    r.fields["last_modified"] = null_if_empty(v.last_modified);
    r.fields["user"] = null_if_empty(v.last_modified_user);
    r.fields["labels"] = labels;
    r.fields["description"] = null_if_empty(v.description);
    r.fields["change"] = change_text(before, v);
    out.push_back(std::move(r));
    before = &v;
  }
  return out;
}

aws::Result<const aws::ParameterVersion*> find_version(const std::vector<aws::ParameterVersion>& versions,
                                                       long long version) {
  for (const auto& v : versions)
    if (v.version == version) return &v;
  std::string name = versions.empty() ? "the parameter" : versions.front().name;
  std::string have;
  for (const auto& v : versions) have += (have.empty() ? "" : ", ") + std::to_string(v.version);
  return aws::make_error(aws::ErrorKind::NotFound,
                         name + " has no version " + std::to_string(version) +
                             (have.empty() ? "" : " (versions: " + have + ")"));
}

aws::Result<TextDiff> version_diff(const std::vector<aws::ParameterVersion>& versions, long long to,
                                   long long from, std::string* title) {
  auto after = find_version(versions, to);
  if (!after) return after.error();
  const aws::ParameterVersion* before = nullptr;
  if (from > 0) {
    auto b = find_version(versions, from);
    if (!b) return b.error();
    before = *b;
  } else {
    for (const auto& v : versions)
      if (v.version < to && (!before || v.version > before->version)) before = &v;
  }
  std::string a = before ? comparable_text(before->value) : std::string();
  std::string b = comparable_text((*after)->value);
  TextDiff d = diff_lines(a, b);
  aws::wipe(a);
  aws::wipe(b);
  if (title)
    *title = (*after)->name + ": " +
             (before ? "version " + std::to_string(before->version) + " -> " + std::to_string(to)
                     : "version " + std::to_string(to) + " (the first)");
  return d;
}

aws::Result<const aws::ParameterVersion*> version_to_restore(const std::vector<aws::ParameterVersion>& versions,
                                                             long long version) {
  auto v = find_version(versions, version);
  if (!v) return v.error();
  long long newest = 0;
  for (const auto& x : versions) newest = std::max(newest, x.version);
  if (version == newest)
    return aws::make_error(aws::ErrorKind::Usage,
                           (*v)->name + ": version " + std::to_string(version) + " is already the current one");
  return v;
}

bool split_version_id(const std::string& id, std::string& name, long long& version) {
  auto colon = id.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= id.size() || id.size() - colon > 19) return false;
  long long n = 0;
  for (std::size_t i = colon + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    n = n * 10 + (id[i] - '0');
  }
  if (n <= 0) return false;
  name = id.substr(0, colon);
  version = n;
  return true;
}

}  // namespace opsdeck::app
