#pragma once
// What the operator typed as a destination — "alias", "user@host", "host:2222",
// "user@[::1]:2222" — and its resolution through ssh_config into HostSettings.
// An explicit user or port in the destination beats ssh_config, as with `ssh -p`/`user@`.
// Pure, any thread.

#include <optional>
#include <string>
#include <string_view>

#include "aws/result.hpp"
#include "ssh/ssh_config.hpp"

namespace opsdeck::ssh {

struct HostTarget {
  std::string user;         // empty: from ssh_config or the local user
  std::string host;         // alias or address, without brackets
  std::optional<int> port;  // explicit port only
};

aws::Result<HostTarget> parse_host_target(std::string_view text);
HostSettings resolve_host_target(const HostTarget& target, const SshConfig& config);

// "i-0123456789abcdef0": the caller resolves these through EC2 instead of DNS.
bool looks_like_instance_id(std::string_view host);

}  // namespace opsdeck::ssh
