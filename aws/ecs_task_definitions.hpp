#pragma once
// ECS task-definition revisions, for rolling a service back: ListTaskDefinitions of one
// family (ACTIVE only — a service cannot be pointed at an INACTIVE revision; newest first),
// DescribeTaskDefinition per revision (images, when it was registered), and UpdateService
// with a chosen revision. Builders and parsers are pure; async calls complete on the
// AsyncCaller's thread (AwsClient: its IO thread).

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct TaskDefinitionRevision {
  std::string arn;
  std::string family;
  int revision = 0;
  std::string registered;               // ISO-8601 UTC, "" when not given
  std::vector<std::string> images;      // "container=image", in the definition's order
  nlohmann::json raw;                   // DescribeTaskDefinition's taskDefinition
};

// How many revisions a read describes (the newest).
inline constexpr int kRevisionsShown = 10;

// "arn:aws:ecs:r:1:task-definition/api:7" or "api:7" -> "api"; "" when there is no family.
std::string task_definition_family(const std::string& arn_or_name);
// ... -> 7; 0 when there is no revision.
int task_definition_revision(const std::string& arn_or_name);

AwsRequest list_task_definitions_request(const std::string& family, int max_results = kRevisionsShown);
AwsRequest describe_task_definition_request(const std::string& arn);
Result<TaskDefinitionRevision> parse_describe_task_definition(std::string_view body);
// UpdateService pointing `service` at `task_definition` (an ARN or family:revision).
AwsRequest set_task_definition_request(const std::string& cluster, const std::string& service,
                                       const std::string& task_definition);

// The newest kRevisionsShown ACTIVE revisions of `family`, described, newest first.
void revisions_async(AsyncCaller call, const std::string& family,
                     std::function<void(Result<std::vector<TaskDefinitionRevision>>)> done);
Result<std::vector<TaskDefinitionRevision>> revisions(const SyncCaller& call, const std::string& family);

}  // namespace opsdeck::aws
