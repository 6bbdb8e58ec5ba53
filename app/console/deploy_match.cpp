#include "app/console/deploy_match.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aws/json_fields.hpp"

namespace opsdeck::app {

std::vector<std::string> resource_names(const std::string& key, const std::string& label,
                                        const nlohmann::json* doc) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& n) {
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  add(key);
  add(label);
  if (doc && doc->is_object()) {
    auto add_string = [&](const nlohmann::json& obj, const char* field) {
      if (const auto* f = aws::jfield(obj, field); f && f->is_string()) add(aws::jstr(obj, field));
    };
    for (const char* field : {"serviceName", "containerServiceName", "name", "InstanceId"}) add_string(*doc, field);
    if (const auto* f = aws::jfield(*doc, "clusterArn"); f && f->is_string()) {
      std::string arn = aws::jstr(*doc, "clusterArn");
      add("cluster:" + arn.substr(arn.rfind('/') + 1));
    }
    // EC2 XML as JSON: tagSet.item is one item or a list of them.
    if (const auto* items = aws::jfield(aws::jobj(*doc, "tagSet"), "item")) {
      for (const auto& t : items->is_array() ? *items : nlohmann::json::array({*items}))
        if (aws::jstr(t, "key") == "Name") add_string(t, "value");
    }
    for (const auto& t : aws::jarr(*doc, "Tags"))
      if (aws::jstr(t, "Key") == "Name") add_string(t, "Value");
  }
  return out;
}

std::string match_service(const std::vector<ServiceConfig>& services, const std::vector<std::string>& names) {
  auto has = [&names](const std::string& n) {
    return !n.empty() && std::find(names.begin(), names.end(), n) != names.end();
  };
  bool cluster_known = std::any_of(names.begin(), names.end(),
                                   [](const std::string& n) { return n.rfind("cluster:", 0) == 0; });
  for (const auto& s : services) {
    const DeploySpec& d = s.deploy;
    std::string target_value = d.target;
    if (auto eq = target_value.rfind('='); eq != std::string::npos) target_value = target_value.substr(eq + 1);
    bool hit = has(s.name) || (d.type == "ecs" && has(d.service) && (!cluster_known || has("cluster:" + d.cluster))) ||
               (d.type == "lightsail" && has(d.service_name)) ||
               ((d.type == "ssm" || d.type == "ssh") && (has(d.target) || has(target_value)));
    if (hit) return s.name;
  }
  return "";
}

}  // namespace opsdeck::app
