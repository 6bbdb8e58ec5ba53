#pragma once
// Caches another provider's credentials and refreshes them `refresh_before` ahead of
// their expiry (default 5 minutes, as the SDKs do). Concurrent callers that find the
// cache stale share ONE refresh: the first does it, the others wait for its result.
// If a refresh fails while the old credentials are still valid, the old ones are kept.
// Credentials without an expiration are kept until invalidate().
// Thread-safe; get() blocks while a refresh runs (see CredentialsProvider).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

class CachingCredentialsProvider : public CredentialsProvider {
 public:
  explicit CachingCredentialsProvider(std::shared_ptr<CredentialsProvider> inner, WallClock clock = {},
                                      std::chrono::seconds refresh_before = std::chrono::minutes(5));
  Result<Credentials> get() override;
  void invalidate() override;
  std::string name() const override { return inner_->name(); }
  int refresh_count() const;  // how many times the inner provider was asked

 private:
  bool fresh(std::chrono::system_clock::time_point now) const;

  std::shared_ptr<CredentialsProvider> inner_;
  WallClock clock_;
  std::chrono::seconds refresh_before_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Credentials> cached_;
  bool refreshing_ = false;
  std::uint64_t generation_ = 0;
  std::optional<Error> last_error_;
  int refreshes_ = 0;
};

}  // namespace opsdeck::aws
