#pragma once
// A server's public host key as it travels in SSH: the algorithm name and the key blob
// (RFC 4253 "ssh-ed25519" + wire-format bytes). Value type, any thread.

#include <string>
#include <string_view>

namespace opsdeck::ssh {

struct HostKey {
  std::string type;  // "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", ...
  std::string blob;  // raw wire-format key bytes

  // OpenSSH's fingerprint form: "SHA256:" + unpadded base64 of SHA-256(blob).
  std::string sha256_fingerprint() const;
  // "ssh-ed25519 AAAAC3Nza..." as in known_hosts and .pub files.
  std::string openssh_public() const;
};

// The algorithm name stored inside a key blob (its first SSH string), or "" if malformed.
std::string key_type_of_blob(std::string_view blob);

}  // namespace opsdeck::ssh
