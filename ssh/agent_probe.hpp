#pragma once
// Asks an ssh-agent how many identities it holds (SSH_AGENTC_REQUEST_IDENTITIES over its
// unix socket, draft-miller-ssh-agent): what `opsdeck doctor` reports about SSH_AUTH_SOCK.
// Never reads a key; the identities' blobs and comments are skipped. Blocks the calling
// thread for at most `timeout`.

#include <chrono>
#include <string>

#include "aws/result.hpp"

namespace opsdeck::ssh {

// The number of identities, or an error saying why the agent could not be asked.
aws::Result<int> count_agent_identities(const std::string& socket_path,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(2));

}  // namespace opsdeck::ssh
