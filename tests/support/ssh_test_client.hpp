#pragma once
// Helpers for tests that drive opsdeck's SSH client against SshdServer: host settings and
// client options pointing at the fixture (never at ~/.ssh), and a blocking run().

#include <chrono>
#include <string>

#include "ssh/ssh_client.hpp"
#include "tests/support/sshd_server.hpp"

namespace opsdeck::testing {

// 127.0.0.1:port, the fixture's user, the given key (IdentitiesOnly).
ssh::HostSettings fixture_host(const SshdServer& sshd, const std::filesystem::path& key);
ssh::HostSettings fixture_host(const SshdServer& sshd);  // with sshd.user_key()
// known_hosts = the fixture's (holding the real host keys), no agent, no defaults.
ssh::SshClientOptions fixture_options(const SshdServer& sshd);

struct ExecResult {
  std::string out;
  std::string err;
  ssh::CommandOutcome outcome;
  bool timed_out = false;
};
// Runs a command and waits for on_exit (or the timeout).
ExecResult run_ssh(ssh::SshClient& client, const ssh::HostSettings& host, const std::string& command,
                   std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace opsdeck::testing
