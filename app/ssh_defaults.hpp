#pragma once
// Where opsdeck's SSH settings come from, as ssh would find them, with overrides so tests
// and demos never touch the real home directory:
//   ssh_config   $OPSDECK_SSH_CONFIG, else ~/.ssh/config
//   known_hosts  user files:   $OPSDECK_KNOWN_HOSTS (one file), else every file of
//                              UserKnownHostsFile from ssh_config (`none`: no file), else
//                              ~/.ssh/known_hosts ~/.ssh/known_hosts2
//                global files: every file of GlobalKnownHostsFile, else
//                              /etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2
//                All are read; new keys are recorded only in the first user file.
//   agent        $SSH_AUTH_SOCK
//   keys         ~/.ssh/id_ed25519, id_ecdsa, id_rsa when ssh_config names none

#include <filesystem>

#include "ssh/known_hosts.hpp"
#include "ssh/ssh_client_options.hpp"
#include "ssh/ssh_config.hpp"

namespace opsdeck::app {

std::filesystem::path ssh_config_path();
ssh::SshConfig load_ssh_config();
// The known_hosts files for `host`, in ssh's order (see above). `user` may be empty when
// UserKnownHostsFile is `none`.
ssh::KnownHostsFiles known_hosts_files(const ssh::HostSettings& host);
// Options for `host` (its UserKnownHostsFile / GlobalKnownHostsFile matter); prompts are
// left unset. known_hosts_file is the first user file (/dev/null when there is none: read
// as empty, and a recorded key goes nowhere, as with ssh).
ssh::SshClientOptions ssh_client_options(const ssh::HostSettings& host);

}  // namespace opsdeck::app
