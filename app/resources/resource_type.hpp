#pragma once
// What a resource is: the rows of the resource lists (Resource::kind), of the console's
// panes and of the views pushed over them (ECS, SQS, parameters, ...). A row's kind comes
// with the row (Resource::kind, PaneRows::kinds, or the pane's or view's own kind); actions
// are declared per kind (app/console/resource_actions.hpp) and other abilities here, so
// nothing guesses from a row's text.

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
  SqsMessage,
  Parameter,
  Secret,
  TaskDefinition,
  DbSnapshot,
  ParameterVersion,
  LightsailService,
  RunbookStep,
};

// What a kind supports besides its actions (resource_actions.hpp declares those): asked by
// the shell key instead of guessing from the pane.
struct ResourceTraits {
  bool shell = false;        // `s` opens a shell on it (SSM or SSH)
  std::string no_shell;      // why not, with what to do instead ("" when it does)
};
const ResourceTraits& traits(ResourceType type);

}  // namespace opsdeck::app
