#pragma once
// Turns an EC2 instance id ("i-0abc...") or a Name tag given to `opsdeck ssh` into an SSH
// address: DescribeInstances finds the instance, and the connect-method decision
// (app/ssm/connect_method.hpp, forced to SSH) picks its public IP, else its private IP.
// A name is looked up in EC2 only when it is neither an ssh_config alias nor resolvable
// by DNS, so every destination plain ssh understands keeps its meaning.
//
// Threads: blocks the calling thread on AWS calls (headless commands only).

#include <string>

#include "app/session.hpp"
#include "aws/result.hpp"
#include "ssh/host_target.hpp"
#include "ssh/ssh_config.hpp"

namespace opsdeck::app {

// True when `target.host` should be looked up in EC2 (an instance id, or a bare name that
// is not an ssh_config alias and does not resolve by DNS).
bool wants_ec2_lookup(const ssh::HostTarget& target, const ssh::SshConfig& config);

// Replaces target.host with the instance's address; keeps an explicit user/port, else
// uses `default_user` (EC2's usual "ec2-user" unless configured). An instance id that
// `config` has a Host entry for is kept as that alias (as the console's `s` does), with
// ssh_config's User unless one was given.
aws::Result<ssh::HostTarget> resolve_instance_target(Session& session, ssh::HostTarget target,
                                                     const ssh::SshConfig& config,
                                                     const std::string& default_user = "ec2-user");

}  // namespace opsdeck::app
