#pragma once
// One request budget shared by every group a tail follows (a token bucket), so following
// ten groups does not send ten times the requests. Throttling halves the rate for a while
// (multiplicative decrease); each success creeps it back up (additive increase).
//
// Not thread-safe: owned by one LogTail, used on its worker thread.

#include <cstdint>

namespace opsdeck::app {

class RateBudget {
 public:
  RateBudget(double requests_per_second, double burst);
  // Milliseconds to wait at `now_ms` before a request may be sent (0 = now).
  std::int64_t wait_ms(std::int64_t now_ms);
  // Takes one token (call after waiting wait_ms()).
  void take(std::int64_t now_ms);
  void on_throttled();
  void on_success();
  double rate() const { return rate_; }

 private:
  void refill(std::int64_t now_ms);
  double max_rate_, rate_, burst_, tokens_;
  std::int64_t last_ms_ = -1;
};

}  // namespace opsdeck::app
