#pragma once
// Lightsail (awsJson1_1, target Lightsail_20161128): instances, container services, their
// deployments, their containers' logs (GetContainerLog) and metrics
// (GetContainerServiceMetricData). moto has no Lightsail; tests use tests/support/fake_aws.py, whose
// answers are checked against botocore's Lightsail model. Builders and parsers are pure;
// sync calls block the calling thread.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct LightsailInstance {
  std::string name;
  std::string arn;
  std::string state;        // pending | running | stopping | stopped | ...
  std::string bundle;       // "nano_3_0" (the closest thing to an instance type)
  std::string blueprint;
  std::string private_ip;
  std::string public_ip;
  std::string az;           // location.availabilityZone
  std::string created;      // ISO-8601 UTC
  std::string username;
  nlohmann::json raw;
};

struct LightsailContainerService {
  std::string name;
  std::string arn;
  std::string state;          // PENDING | READY | RUNNING | UPDATING | DELETING | DISABLED | DEPLOYING
  std::string power;
  int scale = 0;
  std::string url;
  bool disabled = false;
  std::string current_deployment_state;   // ACTIVE | ...
  int current_deployment_version = 0;
  std::string current_deployment_created;
  std::string next_deployment_state;      // "" when none in progress
  nlohmann::json raw;
};

struct LightsailDeployment {
  int version = 0;
  std::string state;   // ACTIVATING | ACTIVE | INACTIVE | FAILED
  std::string created;
  nlohmann::json containers;
  nlohmann::json raw;
};

// One line of a container's log (GetContainerLog's ContainerServiceLogEvent).
struct ContainerLogEvent {
  double created = 0;  // epoch seconds (fractional)
  std::string message;
};

// One datapoint of GetContainerServiceMetricData: the statistic that was asked for.
struct ContainerMetricPoint {
  double timestamp = 0;  // epoch seconds
  double value = 0;
  std::string unit;      // Percent, ...
};

// The container names of a service's current deployment (its document's
// currentDeployment.containers), in the document's order; empty without a deployment.
std::vector<std::string> current_containers(const nlohmann::json& container_service);

AwsRequest get_instances_request();
AwsRequest get_container_services_request(const std::string& name = {});
AwsRequest get_container_service_deployments_request(const std::string& service);
// `containers` and `public_endpoint` follow the model's shapes (map of name -> Container).
AwsRequest create_container_service_deployment_request(const std::string& service,
                                                       const nlohmann::json& containers,
                                                       const nlohmann::json& public_endpoint = nullptr);

// GetContainerLog: times in epoch seconds (`end` <= 0: none); "" leaves a field out.
AwsRequest get_container_log_request(const std::string& service, const std::string& container,
                                     double start, double end, const std::string& filter_pattern,
                                     const std::string& page_token);
Result<std::vector<ContainerLogEvent>> parse_get_container_log(std::string_view body,
                                                               std::string* next_page_token);
// GetContainerServiceMetricData for one metric (CPUUtilization | MemoryUtilization) and one
// statistic (Average | Maximum | Minimum | Sum | SampleCount); points oldest first.
AwsRequest get_container_service_metric_data_request(const std::string& service,
                                                     const std::string& metric, double start,
                                                     double end, int period,
                                                     const std::string& statistic);
Result<std::vector<ContainerMetricPoint>> parse_get_container_service_metric_data(
    std::string_view body, const std::string& statistic);

Result<std::vector<LightsailInstance>> parse_get_instances(std::string_view body, std::string* next_token);
Result<std::vector<LightsailContainerService>> parse_get_container_services(std::string_view body);
Result<std::vector<LightsailDeployment>> parse_get_container_service_deployments(std::string_view body);
Result<LightsailContainerService> parse_create_container_service_deployment(std::string_view body);

// `optional`: send as optional_probe() (one attempt, short timeout) — for listings where
// Lightsail only adds rows and its absence must not cost the retry budget.
Result<std::vector<LightsailInstance>> lightsail_instances(const SyncCaller& call, bool optional = false);
Result<std::vector<LightsailContainerService>> lightsail_container_services(const SyncCaller& call,
                                                                            bool optional = false);
// Async forms: `done` runs once, on the AsyncCaller's completion thread.
void lightsail_instances_async(AsyncCaller call, bool optional,
                               std::function<void(Result<std::vector<LightsailInstance>>)> done);
void lightsail_container_services_async(AsyncCaller call, bool optional,
                                        std::function<void(Result<std::vector<LightsailContainerService>>)> done);
Result<std::vector<LightsailDeployment>> lightsail_deployments(const SyncCaller& call,
                                                               const std::string& service);
Result<LightsailContainerService> lightsail_deploy(const SyncCaller& call, const std::string& service,
                                                  const nlohmann::json& containers,
                                                  const nlohmann::json& public_endpoint = nullptr);

}  // namespace opsdeck::aws
