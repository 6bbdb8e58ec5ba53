#pragma once
// The services list: ECS services of every cluster and, when the endpoint has it,
// Lightsail container services (optional); read under an ECS cluster (FetchOptions::parent),
// that cluster's services only (the `:ecs` view). Fields:
//   cluster, name, desired, running, pending, status, last_deployment, source (ecs |
//   lightsail), rollout (the primary deployment's rollout state; Lightsail: the next
//   deployment's state), task_definition
// An ECS service's id is "CLUSTER/NAME". Order: ECS before Lightsail, then cluster, name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ecs.hpp"
#include "aws/ecs_clusters.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

const ResourceList& service_list();
Resource resource_of(const aws::EcsService& s);
Resource resource_of(const aws::LightsailContainerService& s);

}  // namespace opsdeck::app
