#pragma once
// What a selected row in the console is: the four panes' rows and the rows of the views
// pushed over them (ECS, SQS, parameters, ...). Actions are declared per type
// (app/console/resource_actions.hpp), so nothing guesses from a row's text.

#include <string>

namespace opsdeck::app {

enum class ResourceType {
  None,
  Ec2Instance,
  LightsailInstance,
  DbInstance,
  CacheCluster,
  Alarm,
  LogLine,
  EcsCluster,
  EcsService,
  EcsTask,
  TargetGroup,
  Target,
  SqsQueue,
  Parameter,
  Secret,
  LightsailService,
  RunbookStep,
};

// The type of a row in one of the four panes (Instances rows keyed "lightsail:NAME" are
// Lightsail; Databases rows keyed "elasticache:ID" are ElastiCache clusters).
ResourceType pane_row_type(int pane, const std::string& row_key);

}  // namespace opsdeck::app
