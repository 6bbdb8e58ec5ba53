#pragma once
// The ECS clusters list (ListClusters + DescribeClusters). Fields:
//   name, status, services, running, pending, instances (active services, running and
//   pending tasks, registered container instances)
// Order: by name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ecs_clusters.hpp"

namespace opsdeck::app {

const ResourceList& cluster_list();
Resource resource_of(const aws::EcsCluster& c);

}  // namespace opsdeck::app
