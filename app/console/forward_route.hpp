#pragma once
// Where a console port forward goes and through which instance — pure decisions, no I/O:
//  - a database row (RDS or ElastiCache) forwards to its endpoint, through the config's
//    "ssm": {"bastion"} when set (an instance id or Name tag), else through an instance whose
//    SSM agent is Online in the database's VPC — the one whose Name shares the most leading
//    "-" words with the database's id (clinic-db -> clinic-api), then a bastion or jump
//    host, then the first by name — else — when the
//    database's VPC is not in its document (ElastiCache) — through the only Online instance;
//    when several could serve and none is known to share the VPC, it refuses and says to set
//    the bastion, rather than guess;
//  - an instance row forwards to what the operator types: "PORT" (a port on the instance
//    itself) or "HOST:PORT" (a host as the instance sees it).
// The local port is the remote one when it is free, else one the system picks.
// Any thread.

#include <string>
#include <vector>

#include "app/resources/resource.hpp"
#include "app/ssm/forward_destination.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

// A database's endpoint (fields["endpoint"], "host:port"): Usage error while it has none
// (still creating) or when it cannot be read.
aws::Result<ForwardDestination> database_endpoint(const Resource& database);

struct ForwardVia {
  std::string instance_id;
  std::string label;  // "clinic-api (i-0abc)", not sanitized
  std::string why;    // "the config's ssm.bastion", "Online in vpc-0abc"
};

// The instance a database forward goes through (see the header comment). `instances` are
// the Instances pane's resources (EC2 rows: fields "ssm" holds the agent's PingStatus, the
// document — DescribeInstances' item — its "vpcId").
aws::Result<ForwardVia> choose_forward_via(const Resource& database, const std::vector<const Resource*>& instances,
                                          const std::string& bastion);

}  // namespace opsdeck::app
