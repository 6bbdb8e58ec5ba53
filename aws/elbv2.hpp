#pragma once
// ELBv2 (awsQuery, 2015-12-01): target groups (Marker/NextMarker paging) and target health.
// Builders and parsers are pure; sync calls block the calling thread; async ones complete
// on the AsyncCaller's thread.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct TargetGroup {
  std::string arn;
  std::string name;
  std::string protocol;
  int port = 0;
  std::string target_type;
  std::string vpc_id;
  std::vector<std::string> load_balancer_arns;
  nlohmann::json raw;
};

struct TargetHealth {
  std::string id;
  int port = 0;
  std::string state;   // initial | healthy | unhealthy | unused | draining | unavailable
  std::string reason;  // Target.Timeout ...
  std::string description;
};

AwsRequest describe_target_groups_request(const std::vector<std::string>& arns = {});
Result<std::vector<TargetGroup>> parse_describe_target_groups(std::string_view body, std::string* next_marker);
Result<std::vector<TargetGroup>> describe_target_groups(const SyncCaller& call);

AwsRequest describe_target_health_request(const std::string& target_group_arn);
Result<std::vector<TargetHealth>> parse_describe_target_health(std::string_view body);
Result<std::vector<TargetHealth>> describe_target_health(const SyncCaller& call, const std::string& arn);

// The health of every target of `target_group_arns`: one DescribeTargetHealth per group,
// one after the other, in order. The first error ends the read.
struct GroupTargetHealth {
  std::string target_group_arn;
  TargetHealth health;
};
void target_health_async(AsyncCaller call, std::vector<std::string> target_group_arns,
                         std::function<void(Result<std::vector<GroupTargetHealth>>)> done);

}  // namespace opsdeck::aws
