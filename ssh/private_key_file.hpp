#pragma once
// What opsdeck must know about a private key file before offering it: whether ssh would
// refuse it for its permissions, and whether it needs a passphrase. Pure file inspection,
// any thread. The key text read for the check is wiped before returning (aws/secret_wipe.hpp).

#include <filesystem>
#include <string>

namespace opsdeck::ssh {

struct PrivateKeyInfo {
  bool exists = false;
  bool encrypted = false;
  // Non-empty when the key must not be used, with ssh's reason, e.g.
  // "permissions 0644 for '/root/.ssh/id' are too open: a private key must not be
  //  accessible by others (chmod 600)".
  std::string refusal;
};

PrivateKeyInfo inspect_private_key(const std::filesystem::path& path);

}  // namespace opsdeck::ssh
