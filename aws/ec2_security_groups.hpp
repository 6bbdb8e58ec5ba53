#pragma once
// EC2 DescribeSecurityGroups and the "open to the world" finding: an ingress rule that lets
// 0.0.0.0/0 or ::/0 reach SSH (22), RDP (3389), PostgreSQL (5432), MySQL (3306) or Redis
// (6379), directly, through a port range, or through an all-traffic (-1) rule.
// Builders, parsers and the finding are pure; the sync call blocks the calling thread.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/query_params.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct SecurityGroupRule {
  std::string protocol;  // "tcp", "udp", "icmp", "-1" (all)
  int from_port = -1;    // -1 when absent (all traffic)
  int to_port = -1;
  std::vector<std::string> cidrs;  // IPv4 and IPv6 ranges
  std::vector<std::string> source_groups;
};

struct OpenPortFinding {
  std::string group_id;
  std::string group_name;
  std::string cidr;      // 0.0.0.0/0 or ::/0
  int port = 0;          // the sensitive port reached
  std::string protocol;  // as in the rule
  std::string describe() const;  // "sg-1 (web): 22/tcp open to 0.0.0.0/0"
};

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  std::vector<SecurityGroupRule> ingress;
  std::vector<SecurityGroupRule> egress;
  std::vector<OpenPortFinding> findings;  // filled by the parser
  nlohmann::json raw;
};

// The ports the finding looks for.
const std::vector<int>& sensitive_ports();
// Findings for one group's ingress rules.
std::vector<OpenPortFinding> open_port_findings(const SecurityGroup& group);

AwsRequest describe_security_groups_request(const std::vector<std::string>& group_ids = {},
                                            const std::vector<NameValues>& filters = {});
Result<std::vector<SecurityGroup>> parse_describe_security_groups(std::string_view body,
                                                                  std::string* next_token);
Result<std::vector<SecurityGroup>> describe_security_groups(
    const SyncCaller& call, const std::vector<std::string>& group_ids = {},
    const std::vector<NameValues>& filters = {});

}  // namespace opsdeck::aws
