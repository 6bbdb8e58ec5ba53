#pragma once
// A throwaway OpenSSH server on 127.0.0.1 for integration tests.
//
// SshdServer generates host keys (ed25519 + rsa) and user keys with ssh-keygen in its own
// TempDir, writes an sshd_config that trusts only those user keys, and runs
// `/usr/sbin/sshd -D -e -f config` on a free loopback port. The server (and every session
// process it forked) is stopped when the object goes away. The login user is the current
// user (tests run as root, so PermitRootLogin is on). Nothing under $HOME is touched.
//
// MaxSessions is raised to 64 (sshd's default is 10) so one connection can carry the 50
// concurrent exec channels the tests run; the client also copes with the default by opening
// further connections (see ssh/ssh_client.hpp).

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

struct SshdOptions {
  int max_sessions = 64;
  std::string log_level = "VERBOSE";
  // OpenSSH 8.8+ refuses ssh-rsa (SHA-1) signatures, the only RSA signature libssh2 1.10
  // can make; an old-style server that still accepts them is simulated with this.
  bool accept_ssh_rsa_signatures = false;
};

class SshdServer {
 public:
  explicit SshdServer(SshdOptions options = {});
  ~SshdServer();
  SshdServer(const SshdServer&) = delete;
  SshdServer& operator=(const SshdServer&) = delete;

  int port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

  // The authorised user key pair (ed25519, no passphrase, mode 0600).
  std::filesystem::path user_key() const { return dir() / "id_ed25519"; }
  // The same account also accepts these: an encrypted ed25519 key (passphrase()), an
  // ecdsa and an rsa key. wrong_key() is a valid key that is NOT authorised.
  std::filesystem::path encrypted_key() const { return dir() / "id_encrypted"; }
  std::filesystem::path ecdsa_key() const { return dir() / "id_ecdsa"; }
  std::filesystem::path rsa_key() const { return dir() / "id_rsa"; }
  std::filesystem::path wrong_key() const { return dir() / "id_wrong"; }
  static std::string passphrase() { return "correct horse battery"; }

  // A known_hosts file holding the server's real host keys as "[127.0.0.1]:PORT ...".
  std::filesystem::path known_hosts() const { return dir() / "known_hosts"; }
  // The server's ed25519 host public key line ("ssh-ed25519 AAAA...").
  std::string host_public_key(const std::string& type = "ed25519") const;
  // The sshd log (stderr of sshd -e).
  std::string log() const;

  // Stops the server and kills every session process it forked (SIGKILL): established
  // connections drop at once, as when the host dies.
  void kill_all();
  // Kills (SIGKILL) only the per-connection session processes: every established connection
  // drops, the listener keeps accepting new ones (a network blip, or sshd restarted).
  void kill_sessions();
  bool running();

 private:
  void generate_keys();
  void write_known_hosts();
  void write_config(const SshdOptions& options);

  TempDir dir_;
  int port_ = 0;
  std::string user_;
  ChildProcess sshd_;
};

// Runs ssh-keygen to make a key pair at `path` (type "ed25519", "ecdsa", "rsa").
void make_ssh_key(const std::filesystem::path& path, const std::string& type,
                  const std::string& passphrase = {});

}  // namespace opsdeck::testing
