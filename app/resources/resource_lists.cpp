#include "app/resources/resource_lists.hpp"

#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"
#include "app/resources/services.hpp"

namespace opsdeck::app {

const std::vector<const ResourceList*>& resource_lists() {
  static const std::vector<const ResourceList*> lists{&instance_list(), &database_list(), &alarm_list(),
                                                      &service_list()};
  return lists;
}

const ResourceList* find_resource_list(std::string_view name) {
  for (const auto* l : resource_lists())
    if (l->name == name) return l;
  return nullptr;
}

}  // namespace opsdeck::app
