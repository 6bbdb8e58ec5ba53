#pragma once
// The task-definition revisions of one ECS service's family (aws/ecs_task_definitions.hpp):
// the newest kRevisionsShown ACTIVE ones, newest first, the service's current one marked —
// the console's view after `h` on a service, where `B` rolls the service back to a row.
// Read only under the service (FetchOptions::parent, an EcsService Resource).
// Fields:
//   revision, current (the service runs it), registered (ISO-8601 UTC), images
//   ("container=image", comma-separated), arn
// A row's document: {"taskDefinition": DescribeTaskDefinition's, "service": {"cluster",
// "serviceName", "taskDefinition" (the current ARN)}} — what the rollback acts on.

#include <vector>

#include "app/resources/resource_list.hpp"
#include "aws/ecs_task_definitions.hpp"

namespace opsdeck::app {

const ResourceList& revision_list();

// The revisions as rows for `cluster`/`service`, whose current task definition is `current`.
std::vector<Resource> revision_resources(const std::vector<aws::TaskDefinitionRevision>& revisions,
                                         const std::string& cluster, const std::string& service,
                                         const std::string& current);

}  // namespace opsdeck::app
