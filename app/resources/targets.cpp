#include "app/resources/targets.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.parent || opts.parent->kind != ResourceType::EcsService)
    return done(parent_required("targets are listed under one ECS service"));
  auto groups = service_target_groups(opts.parent->document());
  // The groups' load balancers first (optional: only `m`, the ALB metrics, needs them).
  call(aws::describe_target_groups_request(groups), [call, groups, done = std::move(done)](
                                                         aws::Result<aws::HttpResponse> described) mutable {
    auto lbs = std::make_shared<std::map<std::string, std::vector<std::string>>>();
    std::optional<LeftOut> left_out;
    auto parsed = described ? aws::parse_describe_target_groups(described->body, nullptr)
                            : aws::Result<std::vector<aws::TargetGroup>>(described.error());
    if (parsed)
      for (const auto& g : *parsed) (*lbs)[g.arn] = g.load_balancer_arns;
    else
      left_out = LeftOut{"target groups' load balancers", parsed.error()};
    aws::target_health_async(call, groups, [lbs, left_out, done = std::move(done)](
                                               aws::Result<std::vector<aws::GroupTargetHealth>> r) {
      if (!r) return done(r.error());
      Snapshot s;
      for (const auto& t : *r) {
        Resource res = resource_of(t);
        if (auto it = lbs->find(t.target_group_arn); it != lbs->end()) {
          nlohmann::json doc = res.document();
          doc["LoadBalancerArns"] = it->second;
          res.raw = std::move(doc);
        }
        s.resources.push_back(std::move(res));
      }
      if (left_out) s.left_out.push_back(*left_out);
      done(std::move(s));
    });
  });
}

PaneColumn text(ui::Column column, const char* key, Role role = Role::Default) {
  return {std::move(column), [key, role](const Resource& r, const CellContext&) { return cell_of(field_text(r, key), role); }};
}

ResourceList make_list() {
  ResourceList l;
  l.name = "targets";
  l.needs_parent = true;
  l.keys = {"target_group", "target", "port", "state", "reason", "description"};
  l.pane = {
      text({"TARGET GROUP", 8, 32, 1}, "target_group"),
      text({"TARGET", 8, 40, 0}, "target"),
      {{"PORT", 4, 6, 2, true},
       [](const Resource& r, const CellContext&) {
         long long port = field_number(r, "port");
         return cell_of(port ? std::to_string(port) : "-");
       }},
      {{"STATE", 7, 12, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "state");
         return cell_of(s, s == "healthy" ? Role::StateGood : s == "unhealthy" ? Role::StateBad : Role::StateWarn);
       }},
      {{"REASON", 6, 36, 0},
       [](const Resource& r, const CellContext&) {
         auto reason = field_text(r, "reason");
         return cell_of(reason.empty() ? "-" : reason,
                        field_text(r, "state") == "unhealthy" ? Role::StateBad : Role::Dim);
       }},
      text({"DESCRIPTION", 11, 80, 3}, "description", Role::Dim),
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& target_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::GroupTargetHealth& t) {
  const auto& h = t.health;
  std::string group = target_group_name(t.target_group_arn);
  Resource r{ResourceType::Target, group + "/" + h.id + ":" + std::to_string(h.port), {}, {}};
  r.fields["target_group"] = group;
  r.fields["target"] = h.id;
  r.fields["port"] = h.port;
  r.fields["state"] = h.state;
  r.fields["reason"] = null_if_empty(h.reason);
  r.fields["description"] = null_if_empty(h.description);
  r.raw = {{"TargetGroupArn", t.target_group_arn},
           {"Target", {{"Id", h.id}, {"Port", h.port}}},
           {"TargetHealth", {{"State", h.state}, {"Reason", h.reason}, {"Description", h.description}}}};
  return r;
}

std::vector<std::string> service_target_groups(const nlohmann::json& service) {
  std::vector<std::string> out;
  for (const auto& lb : aws::jarr(service, "loadBalancers")) {
    std::string arn = aws::jstr(lb, "targetGroupArn");
    if (!arn.empty() && std::find(out.begin(), out.end(), arn) == out.end()) out.push_back(arn);
  }
  return out;
}

std::string target_group_name(const std::string& arn) {
  auto slash = arn.find("targetgroup/");
  if (slash == std::string::npos) return arn;
  std::string rest = arn.substr(slash + 12);
  return rest.substr(0, rest.find('/'));
}

}  // namespace opsdeck::app
