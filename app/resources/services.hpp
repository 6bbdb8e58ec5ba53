#pragma once
// The services list: ECS services of every cluster and, when the endpoint has it,
// Lightsail container services (optional). No console pane: the console reaches services
// through `:ecs` and `:lightsail`. Fields:
//   cluster, name, desired, running, pending, status, last_deployment, source (ecs | lightsail)
// An ECS service's id is "CLUSTER/NAME". Order: ECS before Lightsail, then cluster, name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ecs.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

const ResourceList& service_list();
Resource resource_of(const aws::EcsService& s);
Resource resource_of(const aws::LightsailContainerService& s);

}  // namespace opsdeck::app
