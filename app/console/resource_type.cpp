#include "app/console/resource_type.hpp"

#include "app/console/console_view.hpp"

namespace opsdeck::app {

ResourceType pane_row_type(int pane, const std::string& key) {
  if (key.empty()) return ResourceType::None;
  switch (pane) {
    case kInstancesPane:
      return key.rfind("lightsail:", 0) == 0 ? ResourceType::LightsailInstance
                                             : ResourceType::Ec2Instance;
    case kDatabasesPane:
      return key.rfind("elasticache:", 0) == 0 ? ResourceType::CacheCluster
                                               : ResourceType::DbInstance;
    case kAlarmsPane:
      return ResourceType::Alarm;
    case kLogsPane:
      return ResourceType::LogLine;
    default:
      return ResourceType::None;
  }
}

}  // namespace opsdeck::app
