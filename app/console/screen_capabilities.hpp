#pragma once
// Capabilities of the rows of the views pushed over the panes (see resource_actions.hpp):
//   ECS service         `=` scale (asks the desired count, 0..1000), `F` force a new deployment;
//   ECS task            `S` stop (StopTask; refused for a task that has stopped already);
//   task-def. revision  `B` roll the service back to it (UpdateService taskDefinition; refused
//                       for the revision it runs; the dialog shows the revision's images);
//   SSM parameter       `e` overwrite the value (PutParameter; typed masked for SecureString,
//                       always redacted in the audit log);
//   Lightsail container `F` redeploy the current deployment's containers.
// Same key => same command across types (`F` is action.redeploy for ECS and Lightsail, `S`
// action.stop for instances and tasks).
// Request builders read the row's document (a copy taken when the action started).
// Pure; UI thread.

#include <string>
#include <vector>

#include "app/console/resource_actions.hpp"

namespace opsdeck::app {

const std::vector<Capability>& ecs_service_capabilities();
const std::vector<Capability>& ecs_task_capabilities();
const std::vector<Capability>& task_definition_capabilities();
const std::vector<Capability>& parameter_capabilities();
const std::vector<Capability>& lightsail_service_capabilities();

// "" when `text` is a whole number in 0..1000, else what is wrong with it.
std::string validate_desired_count(const std::string& text);

}  // namespace opsdeck::app
