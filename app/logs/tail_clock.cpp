#include "app/logs/tail_clock.hpp"

#include <chrono>

namespace opsdeck::app {

std::int64_t SystemTailClock::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool SystemTailClock::sleep_ms(std::int64_t ms) {
  std::unique_lock lock(mu_);
  if (ms > 0) cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return cancelled_; });
  return !cancelled_;
}

void SystemTailClock::cancel() {
  {
    std::lock_guard lock(mu_);
    cancelled_ = true;
  }
  cv_.notify_all();
}

void SystemTailClock::reset() {
  std::lock_guard lock(mu_);
  cancelled_ = false;
}

bool SystemTailClock::cancelled() {
  std::lock_guard lock(mu_);
  return cancelled_;
}

}  // namespace opsdeck::app
