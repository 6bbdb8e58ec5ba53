#pragma once
// OpenSSH known_hosts: parsing, checking a server's host key, recording a new one.
//
// Understands plain host lists (patterns, negation, `[host]:port` for non-22 ports) and
// hashed `|1|salt|hmac` entries. `@revoked` entries turn a key into Revoked; `@cert-authority`
// lines are skipped (opsdeck does not do host certificates). Lines it cannot read are kept
// out of the check and reported in warnings() with their line number — unlike libssh2's
// knownhost reader, one odd line does not hide every entry after it.
//
// Value type; parse/check are pure and safe on any thread. append_known_host() writes a file.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "aws/result.hpp"
#include "ssh/host_key.hpp"

namespace opsdeck::ssh {

enum class HostKeyStatus {
  Match,     // a recorded key of this type equals the server's key
  Mismatch,  // a recorded key of this type differs: possible man-in-the-middle, refuse
  Unknown,   // nothing recorded for this host and key type: ask the operator
  Revoked,   // the key is marked @revoked: refuse
};
const char* to_string(HostKeyStatus s);

struct HostKeyCheck {
  HostKeyStatus status = HostKeyStatus::Unknown;
  int line = 0;                              // the deciding known_hosts line (1-based), 0 if none
  std::vector<std::string> other_key_types;  // for Unknown: types recorded for this host
};

class KnownHosts {
 public:
  static KnownHosts parse(std::string_view text);
  // A missing file is an empty list, as for ssh.
  static KnownHosts load(const std::filesystem::path& path);

  HostKeyCheck check(std::string_view host, int port, const HostKey& key) const;
  // Key types recorded for host:port, in file order (to prefer them in negotiation).
  std::vector<std::string> key_types_for(std::string_view host, int port) const;
  const std::vector<std::string>& warnings() const { return warnings_; }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string marker;  // "", "@revoked"
    std::string hosts;   // raw host field
    HostKey key;
    int line = 0;
  };
  static bool hosts_match(const Entry& e, std::string_view name);

  std::vector<Entry> entries_;
  std::vector<std::string> warnings_;
};

// "host" for port 22, else "[host]:port" — the name known_hosts records and looks up.
std::string known_hosts_name(std::string_view host, int port);
// One known_hosts line (no newline); hashed uses a fresh random salt.
std::string format_known_host(std::string_view host, int port, const HostKey& key, bool hashed);
// Appends a line, creating the file (0600) and its directory (0700) when missing.
aws::Result<void> append_known_host(const std::filesystem::path& path, std::string_view host, int port,
                                    const HostKey& key, bool hashed);

}  // namespace opsdeck::ssh
