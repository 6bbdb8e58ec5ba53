#pragma once
// The Lightsail list: instances (GetInstances) and container services
// (GetContainerServices), asked at once; when one of the two fails the other is still
// listed and the failure is in Snapshot::left_out, when both fail the read fails. Fields:
//   kind (instance | container), name, state, size (an instance's bundle, a container
//   service's "power xscale"), deployment_version, deployment_state (a container service's
//   current deployment; null for instances), next_deployment_state (one in progress, else
//   null), disabled, since (an instance's creation, a container service's current
//   deployment)
// Rows are ResourceType::LightsailInstance or LightsailService, keyed by row_key(). Order:
// instances, then container services, each by name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

const ResourceList& lightsail_list();
Resource lightsail_row(const aws::LightsailInstance& i);
Resource lightsail_row(const aws::LightsailContainerService& s);

}  // namespace opsdeck::app
