#include "app/resources/resource_lists.hpp"

#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/db_snapshots.hpp"
#include "app/resources/ecs_clusters.hpp"
#include "app/resources/ecs_tasks.hpp"
#include "app/resources/instances.hpp"
#include "app/resources/lightsail.hpp"
#include "app/resources/parameters.hpp"
#include "app/resources/queues.hpp"
#include "app/resources/secrets.hpp"
#include "app/resources/services.hpp"
#include "app/resources/targets.hpp"

namespace opsdeck::app {

const std::vector<const ResourceList*>& resource_lists() {
  static const std::vector<const ResourceList*> lists{
      &instance_list(), &database_list(),  &alarm_list(),  &service_list(), &cluster_list(), &task_list(),
      &target_list(),   &lightsail_list(), &queue_list(),  &parameter_list(), &secret_list(), &db_snapshot_list()};
  return lists;
}

const ResourceList* find_resource_list(std::string_view name) {
  for (const auto* l : resource_lists())
    if (l->name == name) return l;
  return nullptr;
}

}  // namespace opsdeck::app
