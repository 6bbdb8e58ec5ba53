#pragma once
// AWS credentials as a value. Providers that produce them live in credential_*.hpp.

#include <chrono>
#include <optional>
#include <string>

namespace opsdeck::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never logged, never shown
  std::string session_token;      // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;             // "env", "profile default", "assume-role ..." (for messages)

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
  bool expired(std::chrono::system_clock::time_point now) const {
    return expiration && now >= *expiration;
  }
};

}  // namespace opsdeck::aws
