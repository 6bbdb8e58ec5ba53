#include "app/console/deploy_match.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace opsdeck::app {

std::vector<std::string> resource_names(const std::string& key, const std::string& label,
                                        const nlohmann::json* doc) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& n) {
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  add(key);
  add(label);
  if (key.rfind("lightsail:", 0) == 0) add(key.substr(10));
  if (doc && doc->is_object()) {
    for (const char* field : {"serviceName", "containerServiceName", "name", "InstanceId"})
      if (auto it = doc->find(field); it != doc->end() && it->is_string()) add(it->get<std::string>());
    if (auto it = doc->find("clusterArn"); it != doc->end() && it->is_string()) {
      std::string arn = it->get<std::string>();
      add("cluster:" + arn.substr(arn.rfind('/') + 1));
    }
    if (auto ts = doc->find("tagSet"); ts != doc->end() && ts->is_object() && ts->contains("item")) {
      const nlohmann::json& items = (*ts)["item"];  // EC2 XML as JSON: one item or a list
      for (const auto& t : items.is_array() ? items : nlohmann::json::array({items}))
        if (t.is_object() && t.value("key", "") == "Name" && t.contains("value") && t["value"].is_string())
          add(t["value"].get<std::string>());
    }
    if (auto tags = doc->find("Tags"); tags != doc->end() && tags->is_array())
      for (const auto& t : *tags)
        if (t.is_object() && t.value("Key", "") == "Name" && t.contains("Value") && t["Value"].is_string())
          add(t["Value"].get<std::string>());
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
