#pragma once
// Where opsdeck's SSH settings come from, as ssh would find them, with overrides so tests
// and demos never touch the real home directory:
//   ssh_config   $OPSDECK_SSH_CONFIG, else ~/.ssh/config
//   known_hosts  $OPSDECK_KNOWN_HOSTS, else UserKnownHostsFile from ssh_config, else ~/.ssh/known_hosts
//   agent        $SSH_AUTH_SOCK
//   keys         ~/.ssh/id_ed25519, id_ecdsa, id_rsa when ssh_config names none

#include <filesystem>

#include "ssh/ssh_client_options.hpp"
#include "ssh/ssh_config.hpp"

namespace opsdeck::app {

std::filesystem::path ssh_config_path();
ssh::SshConfig load_ssh_config();
// Options for `host` (its UserKnownHostsFile matters); prompts are left unset.
ssh::SshClientOptions ssh_client_options(const ssh::HostSettings& host);

}  // namespace opsdeck::app
