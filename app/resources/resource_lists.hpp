#pragma once
// The resource lists by name, as the headless commands name them (`opsdeck NAME`; lists
// that need a parent resource are reached only through their parent's view).

#include <string_view>
#include <vector>

#include "app/resources/resource_list.hpp"

namespace opsdeck::app {

// instances, databases, alarms, services, clusters, tasks, targets, lightsail, queues,
// parameters, secrets.
const std::vector<const ResourceList*>& resource_lists();
// nullptr for an unknown name.
const ResourceList* find_resource_list(std::string_view name);

}  // namespace opsdeck::app
