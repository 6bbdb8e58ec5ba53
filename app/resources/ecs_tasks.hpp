#pragma once
// The tasks of one ECS service, RUNNING and STOPPED (ListTasks both ways + DescribeTasks),
// read under the service (FetchOptions::parent, an EcsService resource with its cluster
// and name). Fields:
//   id, cluster, last_status, desired_status, started_at, stopped_at, stopped_reason (the
//   reason, else the stop code), exit_codes ({container: code} of containers that exited)
// A task's Resource::id is its ARN (what StopTask takes). Order: RUNNING first, then
// newest first (the later of started and stopped).

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ecs.hpp"

namespace opsdeck::app {

const ResourceList& task_list();
Resource resource_of(const aws::EcsTask& t);

}  // namespace opsdeck::app
