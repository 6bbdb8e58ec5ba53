#pragma once
// How an SshClient connects: where known_hosts lives, what to do with unknown host keys,
// which agent and default keys to use, and how many channels/connections per host.
// Plain data, filled by the caller (the CLI fills it from the environment and ~/.ssh).

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "ssh/host_key.hpp"
#include "ssh/ssh_authenticator.hpp"

namespace opsdeck::ssh {

// What the operator is asked about an unknown host key.
struct HostKeyPrompt {
  std::string host;         // "127.0.0.1" or "[127.0.0.1]:2222"
  HostKey key;
  std::string fingerprint;  // "SHA256:..."
  std::vector<std::string> other_known_types;  // keys of other types already recorded
};

// Called on the SSH worker thread; call `answer` (any thread, once) with true to trust and
// record the key, false to refuse. Nothing is authenticated or run until it is answered.
using HostKeyPromptFn = std::function<void(const HostKeyPrompt&, std::function<void(bool)> answer)>;

struct SshClientOptions {
  // known_hosts files, all checked as one list (ssh/known_hosts.hpp): the first
  // UserKnownHostsFile, which is also where an accepted key is recorded, then the rest of
  // UserKnownHostsFile and GlobalKnownHostsFile, which are never written.
  std::filesystem::path known_hosts_file;
  std::vector<std::filesystem::path> other_known_hosts_files;
  bool accept_new_host_key = false;         // trust-on-first-use without asking
  bool hash_known_hosts = false;            // record new entries hashed (|1|...)
  HostKeyPromptFn on_unknown_host_key;      // unset and !accept_new_host_key: refuse unknown keys
  std::string agent_socket;                 // usually $SSH_AUTH_SOCK; empty: no agent
  std::vector<std::string> default_identity_files;  // when ssh_config names none
  PassphrasePrompt passphrase_prompt;       // unset: encrypted keys are skipped
  std::string local_user;                   // login name when ssh_config has no User
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(15)};
  // sshd's MaxSessions defaults to 10 session channels per connection. The client opens
  // up to max_connections_per_host connections to spread more concurrent commands, and
  // lowers a connection's limit when the server refuses a channel.
  int max_channels_per_connection = 10;
  int max_connections_per_host = 8;
};

}  // namespace opsdeck::ssh
