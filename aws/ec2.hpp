#pragma once
// EC2 (EC2 query protocol): instances, instance status, start/stop/reboot.
// Security groups are in aws/ec2_security_groups.hpp.
//
// Request builders and parsers are pure. `describe_instances(SyncCaller, ...)` blocks the
// calling thread; `describe_instances_async` completes on the AsyncCaller's thread (for
// AwsClient, its IO thread — post to the UI queue from there, do not block).

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/lazy_document.hpp"
#include "aws/query_params.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct Ec2Instance {
  std::string id;
  std::string name;          // the Name tag ("" when untagged)
  std::string state;         // pending | running | stopping | stopped | shutting-down | terminated
  std::string type;          // t3.micro
  std::string private_ip;
  std::string public_ip;
  std::string az;
  std::string launch_time;   // ISO-8601 as sent
  std::string platform;      // "windows" or "" (Linux/UNIX); platformDetails when present
  std::string image_id;
  std::string vpc_id;
  std::string subnet_id;
  std::string key_name;
  std::string private_dns;
  std::string public_dns;
  std::string instance_profile_arn;
  std::vector<std::string> security_group_ids;
  std::map<std::string, std::string> tags;
  // The whole <item> as JSON, for the detail view: built when first read, from the parsed
  // response it keeps until then (aws/lazy_document.hpp).
  LazyDocument raw;
};

struct Ec2InstancePage {
  std::vector<Ec2Instance> instances;
  std::string next_token;
};

struct DescribeInstancesInput {
  std::vector<std::string> instance_ids;
  std::vector<NameValues> filters;  // e.g. {"instance-state-name", {"running"}}
  int max_results = 0;              // 0: let the service choose (cannot combine with ids)
};

AwsRequest describe_instances_request(const DescribeInstancesInput& in);
Result<Ec2InstancePage> parse_describe_instances(std::string_view body);
Result<std::vector<Ec2Instance>> describe_instances(const SyncCaller& call,
                                                    const DescribeInstancesInput& in = {});
void describe_instances_async(AsyncCaller call, const DescribeInstancesInput& in,
                              std::function<void(Result<std::vector<Ec2Instance>>)> done);

struct Ec2InstanceStatus {
  std::string id;
  std::string az;
  std::string state;            // running, stopped ...
  std::string system_status;    // ok | impaired | insufficient-data | not-applicable | initializing
  std::string instance_status;
  std::vector<std::string> events;  // scheduled event codes ("system-reboot")
  nlohmann::json raw;
};

AwsRequest describe_instance_status_request(const std::vector<std::string>& ids,
                                            bool include_all_instances = true);
Result<std::vector<Ec2InstanceStatus>> parse_describe_instance_status(std::string_view body,
                                                                       std::string* next_token);
Result<std::vector<Ec2InstanceStatus>> describe_instance_status(
    const SyncCaller& call, const std::vector<std::string>& ids = {});

// Start/Stop/Reboot (mutating: refused by read-only mode in the client).
struct InstanceStateChange {
  std::string id;
  std::string previous_state;
  std::string current_state;
};
AwsRequest start_instances_request(const std::vector<std::string>& ids);
AwsRequest stop_instances_request(const std::vector<std::string>& ids, bool force = false);
AwsRequest reboot_instances_request(const std::vector<std::string>& ids);
// Parses Start/StopInstancesResponse (instancesSet of state changes).
Result<std::vector<InstanceStateChange>> parse_instance_state_changes(std::string_view body);
Result<std::vector<InstanceStateChange>> start_instances(const SyncCaller& call,
                                                         const std::vector<std::string>& ids);
Result<std::vector<InstanceStateChange>> stop_instances(const SyncCaller& call,
                                                        const std::vector<std::string>& ids,
                                                        bool force = false);
// RebootInstances returns only <return>true</return>.
Result<void> reboot_instances(const SyncCaller& call, const std::vector<std::string>& ids);

}  // namespace opsdeck::aws
