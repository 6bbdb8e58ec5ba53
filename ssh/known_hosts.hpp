#pragma once
// OpenSSH known_hosts: parsing, checking a server's host key, recording a new one.
//
// Understands plain host lists (patterns, negation, `[host]:port` for non-22 ports) and
// hashed `|1|salt|hmac` entries. Lines it cannot read are kept out of the check and reported
// in warnings() with their file and line — unlike libssh2's knownhost reader, one odd line
// does not hide every entry after it.
//
// Several files: ssh reads every file of UserKnownHostsFile and GlobalKnownHostsFile as one
// list (load_files()); each entry remembers its file and line, so every verdict can say
// FILE:LINE. Missing files are simply empty; a file that exists but cannot be read is listed
// in load_errors() — it may hold a @revoked line, so callers refuse rather than guess.
//
// Markers: `@revoked` in ANY file wins over every match. `@cert-authority` says the host
// proves its identity with a host certificate signed by that key; libssh2 cannot verify host
// certificates, so a host covered by such a line and not known by a plain key is reported
// (HostKeyCheck::cert_authority_line) and must be refused, never treated as new.
//
// Value type; parse/check are pure and safe on any thread. load*() read files and
// append_known_host() writes one, on the caller's thread.

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
  Unknown,   // nothing recorded for this host and key type: ask the operator, unless
             // cert_authority_line says the host uses certificates (then refuse)
  Revoked,   // the key is marked @revoked: refuse
};
const char* to_string(HostKeyStatus s);

struct HostKeyCheck {
  HostKeyStatus status = HostKeyStatus::Unknown;
  int line = 0;                              // the deciding known_hosts line (1-based), 0 if none
  std::filesystem::path file;                // the file holding that line; empty for parse()d text
  std::vector<std::string> other_key_types;  // for Unknown: types recorded for this host
  // For Unknown: the first @cert-authority line whose patterns cover the host (0 = none).
  int cert_authority_line = 0;
  std::filesystem::path cert_authority_file;

  // Unknown and not covered by a @cert-authority line: the only case in which the operator
  // may be asked to trust the key, or --accept-new-host-key may record it.
  bool may_trust_as_new() const { return status == HostKeyStatus::Unknown && cert_authority_line == 0; }
  // "FILE:LINE" (or "line N" for parse()d text) of the deciding line / the CA line.
  std::string where() const;
  std::string cert_authority_where() const;
};

// The files ssh reads host keys from, in its order.
struct KnownHostsFiles {
  std::vector<std::filesystem::path> user;    // UserKnownHostsFile; new keys go to user.front()
  std::vector<std::filesystem::path> global;  // GlobalKnownHostsFile; only ever read
  std::vector<std::filesystem::path> all() const;  // user, then global
};

class KnownHosts {
 public:
  // `origin` names the file in warnings and verdicts; empty for text that is not a file.
  static KnownHosts parse(std::string_view text, const std::filesystem::path& origin = {});
  // A missing file is an empty list, as for ssh; an unreadable one is empty too, with the
  // reason in load_errors().
  static KnownHosts load(const std::filesystem::path& path);
  // Every file, in order, as one list (see the header comment).
  static KnownHosts load_files(const std::vector<std::filesystem::path>& paths);

  HostKeyCheck check(std::string_view host, int port, const HostKey& key) const;
  // Key types recorded for host:port, in file order (to prefer them in negotiation).
  std::vector<std::string> key_types_for(std::string_view host, int port) const;
  const std::vector<std::string>& warnings() const { return warnings_; }
  // "cannot read known_hosts file /etc/ssh/ssh_known_hosts: Permission denied", one per file.
  const std::vector<std::string>& load_errors() const { return load_errors_; }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string marker;  // "", "@revoked", "@cert-authority"
    std::string hosts;   // raw host field
    std::string salt, hash;  // decoded once for hashed "|1|salt|hash" entries
    HostKey key;
    int line = 0;
    size_t origin = 0;   // index into origins_
  };
  static bool hosts_match(const Entry& e, std::string_view name);
  void append(KnownHosts&& other);

  std::vector<std::filesystem::path> origins_;
  std::vector<Entry> entries_;
  std::vector<std::string> warnings_;
  std::vector<std::string> load_errors_;
};

// "host" for port 22, else "[host]:port" — the name known_hosts records and looks up.
std::string known_hosts_name(std::string_view host, int port);
// One known_hosts line (no newline); hashed uses a fresh random salt.
std::string format_known_host(std::string_view host, int port, const HostKey& key, bool hashed);
// Appends a line, creating the file (0600) and its directory (0700) when missing.
aws::Result<void> append_known_host(const std::filesystem::path& path, std::string_view host, int port,
                                    const HostKey& key, bool hashed);

}  // namespace opsdeck::ssh
