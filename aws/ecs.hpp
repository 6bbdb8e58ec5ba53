#pragma once
// ECS (awsJson1_1): clusters, services, tasks, UpdateService (desired count, force new
// deployment) and ExecuteCommand. Builders and parsers are pure; sync calls block the
// calling thread; async calls complete on the AsyncCaller's thread (AwsClient: IO thread).
// Per-item misses come back as `failures` inside HTTP 200 and are kept, not dropped.

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct EcsFailure {
  std::string arn;
  std::string reason;  // MISSING ...
  std::string detail;
};

struct EcsService {
  std::string cluster;       // cluster name (from clusterArn)
  std::string name;
  std::string arn;
  std::string status;        // ACTIVE | DRAINING | INACTIVE
  int desired = 0;
  int running = 0;
  int pending = 0;
  std::string launch_type;
  std::string task_definition;
  std::string last_deployment;  // newest deployment's updatedAt/createdAt, ISO-8601 UTC
  std::string rollout_state;    // of the PRIMARY deployment
  std::vector<std::string> recent_events;  // newest first, at most 5
  nlohmann::json raw;
};

struct EcsContainer {
  std::string name;
  std::string image;
  std::string last_status;
  std::optional<int> exit_code;
  std::string reason;
  std::string health;
};

struct EcsTask {
  std::string arn;
  std::string id;            // last path element of the ARN
  std::string cluster;
  std::string task_definition;
  std::string last_status;
  std::string desired_status;
  std::string health;
  std::string launch_type;
  std::string az;
  std::string started_by;
  std::string started_at;
  std::string stopped_at;
  std::string stop_code;
  std::string stopped_reason;
  std::vector<EcsContainer> containers;
  nlohmann::json raw;
};

struct EcsSession {  // ExecuteCommand's SSM session
  std::string session_id;
  std::string stream_url;
  std::string token;  // secret: never log it
  std::string container;
  std::string task_arn;
};

// "arn:aws:ecs:r:a:cluster/prod" -> "prod"; "arn:...:service/prod/api" -> "api".
std::string arn_last_segment(const std::string& arn);

AwsRequest list_clusters_request();
AwsRequest list_services_request(const std::string& cluster);
AwsRequest describe_services_request(const std::string& cluster, const std::vector<std::string>& services);
AwsRequest list_tasks_request(const std::string& cluster, const std::string& service = {},
                              const std::string& desired_status = {});
AwsRequest describe_tasks_request(const std::string& cluster, const std::vector<std::string>& tasks);
AwsRequest update_service_request(const std::string& cluster, const std::string& service,
                                  std::optional<int> desired_count, bool force_new_deployment);
// StopTask: `reason` shows up as the task's stoppedReason (max 255 characters).
AwsRequest stop_task_request(const std::string& cluster, const std::string& task, const std::string& reason);
AwsRequest execute_command_request(const std::string& cluster, const std::string& task,
                                   const std::string& command, const std::string& container = {});

// List* pages: ARNs and the next token.
Result<std::vector<std::string>> parse_arn_list(std::string_view body, const char* key,
                                                std::string_view operation, std::string* next_token);
Result<std::vector<EcsService>> parse_describe_services(std::string_view body,
                                                        std::vector<EcsFailure>* failures = nullptr);
Result<std::vector<EcsTask>> parse_describe_tasks(std::string_view body,
                                                  std::vector<EcsFailure>* failures = nullptr);
Result<EcsService> parse_update_service(std::string_view body);
Result<EcsSession> parse_execute_command(std::string_view body);

Result<std::vector<std::string>> list_clusters(const SyncCaller& call);
Result<std::vector<std::string>> list_services(const SyncCaller& call, const std::string& cluster);
// Describes in batches of 10.
Result<std::vector<EcsService>> describe_services(const SyncCaller& call, const std::string& cluster,
                                                  const std::vector<std::string>& services);
// Every service of every cluster.
Result<std::vector<EcsService>> all_services(const SyncCaller& call);
Result<std::vector<std::string>> list_tasks(const SyncCaller& call, const std::string& cluster,
                                            const std::string& service = {},
                                            const std::string& desired_status = {});
// Describes in batches of 100.
Result<std::vector<EcsTask>> describe_tasks(const SyncCaller& call, const std::string& cluster,
                                            const std::vector<std::string>& tasks);
Result<EcsService> update_service(const SyncCaller& call, const std::string& cluster,
                                  const std::string& service, std::optional<int> desired_count,
                                  bool force_new_deployment);
Result<EcsSession> execute_command(const SyncCaller& call, const std::string& cluster,
                                   const std::string& task, const std::string& command,
                                   const std::string& container = {});

// Async: every service of every cluster; `done` runs on the AsyncCaller's thread.
void all_services_async(AsyncCaller call, std::function<void(Result<std::vector<EcsService>>)> done);

}  // namespace opsdeck::aws
