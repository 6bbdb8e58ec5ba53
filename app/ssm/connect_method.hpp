#pragma once
// How to reach an instance: Session Manager when its SSM agent reports Online
// (DescribeInstanceInformation PingStatus), otherwise SSH to an ssh_config alias or to
// user@IP (public first, or private when preferred / no public address), unless the
// operator overrides the method. decide_connect() is pure (unit-tested);
// resolve_connect() gathers the facts from EC2 and SSM and blocks the calling thread.

#include <functional>
#include <string>
#include <vector>

#include "aws/result.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

enum class ConnectVia { Ssm, Ssh, None };
enum class ConnectOverride { Auto, Ssm, Ssh };

struct ConnectFacts {
  std::string instance_id;
  std::string name;   // Name tag
  std::string state;  // running, stopped, ...
  std::string public_ip;
  std::string private_ip;
  std::string ssm_ping;  // Online | ConnectionLost | Inactive | "" (not managed)
  std::string ssm_note;  // why the SSM status is unknown (e.g. AccessDenied), if it is
};

struct ConnectPrefs {
  ConnectOverride method = ConnectOverride::Auto;
  std::string ssh_user = "ec2-user";     // from config; ssh_config's User wins for an alias
  std::vector<std::string> ssh_aliases;  // ssh_config Host names that exist (exact names)
  bool prefer_private_ip = false;        // on a VPN / bastion-less network
};

struct ConnectDecision {
  ConnectVia via = ConnectVia::None;
  std::string target;  // Ssm: the instance id; Ssh: the alias or "user@ip"
  std::string reason;  // for the operator: why this method
};

ConnectDecision decide_connect(const ConnectFacts& facts, const ConnectPrefs& prefs);
ConnectOverride parse_connect_override(const std::string& text);  // auto|ssm|ssh (else Auto)
const char* to_string(ConnectVia via);

// Looks up the instance (DescribeInstances) and its SSM status (DescribeInstanceInformation;
// when that call fails, the instance counts as not managed and ssm_note says why).
aws::Result<ConnectFacts> gather_connect_facts(const aws::SyncCaller& call,
                                               const std::string& instance_id);
// The same facts without blocking (the console): `done` runs once, on the AsyncCaller's
// completion thread (AwsClient: its IO thread — post, do not block).
void gather_connect_facts_async(const aws::AsyncCaller& call, const std::string& instance_id,
                                std::function<void(aws::Result<ConnectFacts>)> done);
aws::Result<ConnectDecision> resolve_connect(const aws::SyncCaller& call,
                                             const std::string& instance_id,
                                             const ConnectPrefs& prefs);

}  // namespace opsdeck::app
