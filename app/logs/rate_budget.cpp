#include "app/logs/rate_budget.hpp"

#include <algorithm>
#include <cmath>

namespace opsdeck::app {

RateBudget::RateBudget(double requests_per_second, double burst)
    : max_rate_(std::max(requests_per_second, 0.1)), rate_(max_rate_), burst_(std::max(burst, 1.0)), tokens_(burst_) {}

void RateBudget::refill(std::int64_t now_ms) {
  if (last_ms_ >= 0 && now_ms > last_ms_) tokens_ = std::min(burst_, tokens_ + (now_ms - last_ms_) * rate_ / 1000.0);
  if (now_ms > last_ms_) last_ms_ = now_ms;
}

std::int64_t RateBudget::wait_ms(std::int64_t now_ms) {
  refill(now_ms);
  if (tokens_ >= 1.0) return 0;
  return static_cast<std::int64_t>(std::ceil((1.0 - tokens_) * 1000.0 / rate_));
}

void RateBudget::take(std::int64_t now_ms) {
  refill(now_ms);
  tokens_ -= 1.0;  // may go slightly negative if the caller did not wait; it repays later
}

void RateBudget::on_throttled() {
  rate_ = std::max(0.2, rate_ / 2);
  tokens_ = std::min(tokens_, 0.0);
}

void RateBudget::on_success() { rate_ = std::min(max_rate_, rate_ + 0.05); }

}  // namespace opsdeck::app
