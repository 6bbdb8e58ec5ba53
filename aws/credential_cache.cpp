#include "aws/credential_cache.hpp"

namespace opsdeck::aws {

CachingCredentialsProvider::CachingCredentialsProvider(std::shared_ptr<CredentialsProvider> inner,
                                                       WallClock clock, std::chrono::seconds refresh_before)
    : inner_(std::move(inner)),
      clock_(clock ? std::move(clock) : WallClock([] { return std::chrono::system_clock::now(); })),
      refresh_before_(refresh_before) {}

bool CachingCredentialsProvider::fresh(std::chrono::system_clock::time_point now) const {
  return cached_ && (!cached_->expiration || now + refresh_before_ < *cached_->expiration);
}

Result<Credentials> CachingCredentialsProvider::get() {
  std::unique_lock lock(mu_);
  if (fresh(clock_())) return *cached_;
  if (refreshing_) {
    std::uint64_t gen = generation_;
    cv_.wait(lock, [&] { return generation_ != gen; });
    if (cached_ && !cached_->expired(clock_())) return *cached_;
    if (last_error_) return *last_error_;
    return make_error(ErrorKind::Credentials, "credentials refresh failed");
  }
  refreshing_ = true;
  lock.unlock();
  auto r = inner_->get();  // outside the lock: may block on files or the network
  lock.lock();
  ++refreshes_;
  refreshing_ = false;
  ++generation_;
  Result<Credentials> out = r;
  if (r.ok()) {
    cached_ = r.value();
    last_error_.reset();
  } else {
    last_error_ = r.error();
    // Keep serving still-valid credentials when a early refresh fails.
    if (cached_ && !cached_->expired(clock_())) out = *cached_;
  }
  cv_.notify_all();
  return out;
}

void CachingCredentialsProvider::invalidate() {
  {
    std::lock_guard lock(mu_);
    cached_.reset();
  }
  inner_->invalidate();
}

int CachingCredentialsProvider::refresh_count() const {
  std::lock_guard lock(mu_);
  return refreshes_;
}

}  // namespace opsdeck::aws
