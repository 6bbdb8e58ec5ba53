#include "app/resources/resource.hpp"

namespace opsdeck::app {

std::string row_key(ResourceType kind, const std::string& id) {
  switch (kind) {
    case ResourceType::LightsailInstance:
      return "lightsail:" + id;
    case ResourceType::LightsailService:
      return "container:" + id;
    case ResourceType::CacheCluster:
      return "elasticache:" + id;
    default:
      return id;
  }
}

std::string row_key(const Resource& r) { return row_key(r.kind, r.id); }

std::string display_label(const Resource& r) {
  auto it = r.fields.find("name");
  std::string name = it != r.fields.end() && it->is_string() ? it->get<std::string>() : "";
  return name.empty() || name == r.id ? r.id : name + " (" + r.id + ")";
}

}  // namespace opsdeck::app
