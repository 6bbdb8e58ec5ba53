#pragma once
// CredentialsProvider: where SigV4 credentials come from (flags, environment, profiles,
// STS, SSO, containers, IMDS). Providers compose: a chain tries them in the AWS CLI's
// order; CachingCredentialsProvider keeps the result and refreshes before expiry.
//
// Threads: get() is thread-safe and MAY BLOCK (files, processes, network). Never call it
// on the UI thread or the HttpExecutor IO thread; AwsClient calls it on its own worker.
//
// A provider that does not apply (no such variable, no such file entry) returns an Error
// with kind Credentials and code kNotConfigured; the chain then tries the next one. Any
// other error stops the chain: a configured source that fails is reported, not skipped.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "aws/credentials.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

inline constexpr const char* kNotConfigured = "CredentialsNotConfigured";
using WallClock = std::function<std::chrono::system_clock::time_point()>;

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> get() = 0;
  // Drops any cached value (after the service answered ExpiredToken).
  virtual void invalidate() {}
  // "environment", "profile prod", "assume-role arn:...": for messages.
  virtual std::string name() const = 0;
};

// The error a provider returns when it does not apply.
Error not_configured(std::string what);
bool is_not_configured(const Error& e);

}  // namespace opsdeck::aws
