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
  // Who the credentials are, when their source said so without a call to STS: an assumed
  // role's ARN (AssumeRole's AssumedRoleUser, what GetCallerIdentity would answer) and the
  // account they act in (that ARN's, or an SSO profile's sso_account_id). "" otherwise.
  std::string caller_arn{};
  std::string account_id{};

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
  bool expired(std::chrono::system_clock::time_point now) const {
    return expiration && now >= *expiration;
  }
};

// The identity part of Credentials, without the secrets.
struct CredentialIdentity {
  std::string caller_arn;  // "" when the source does not say
  std::string account_id;  // "" when the source does not say
};

}  // namespace opsdeck::aws
