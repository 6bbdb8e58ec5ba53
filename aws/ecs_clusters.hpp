#pragma once
// ECS walks for the console's drill-down (aws/ecs.hpp holds the single operations):
// clusters with their counts (ListClusters + DescribeClusters), one cluster's services
// (ListServices + DescribeServices in batches of 10) and one service's tasks, running AND
// stopped (ListTasks twice + DescribeTasks in batches of 100), each without blocking a
// thread: every step starts the next from the previous completion.
// Builders and parsers are pure; `done` runs on the AsyncCaller's thread (AwsClient: IO).

#include <functional>
#include <string>
#include <vector>

#include "aws/ecs.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct EcsCluster {
  std::string name;
  std::string arn;
  std::string status;  // ACTIVE | PROVISIONING | INACTIVE | ...
  int active_services = 0;
  int running_tasks = 0;
  int pending_tasks = 0;
  int container_instances = 0;
  nlohmann::json raw;
};

AwsRequest describe_clusters_request(const std::vector<std::string>& clusters);
Result<std::vector<EcsCluster>> parse_describe_clusters(std::string_view body);

void clusters_async(AsyncCaller call, std::function<void(Result<std::vector<EcsCluster>>)> done);
void cluster_services_async(AsyncCaller call, const std::string& cluster,
                            std::function<void(Result<std::vector<EcsService>>)> done);
// The tasks of `service` (every task of the cluster when empty), RUNNING first then STOPPED.
void service_tasks_async(AsyncCaller call, const std::string& cluster, const std::string& service,
                         std::function<void(Result<std::vector<EcsTask>>)> done);

}  // namespace opsdeck::aws
