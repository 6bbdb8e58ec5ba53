#include "app/console/sources/refresh_state.hpp"

#include <algorithm>

#include "app/console/sources/resource_rows.hpp"

namespace opsdeck::app {

bool is_throttled(const aws::Error& e) {
  return e.code.find("Throttl") != std::string::npos || e.code == "RequestLimitExceeded" ||
         e.code == "TooManyRequestsException" || e.code == "SlowDown" || e.http_status == 429;
}

bool RefreshState::due(Clock::time_point now, bool visible) const {
  return visible && !in_flight_ && now >= next_allowed_;
}

void RefreshState::started(Clock::time_point) { in_flight_ = true; }

void RefreshState::succeeded(Clock::time_point now) {
  in_flight_ = false;
  failures_ = 0;
  error_.reset();
  last_ok_ = now;
  next_allowed_ = now;
}

void RefreshState::failed(const aws::Error& error, Clock::time_point now) {
  in_flight_ = false;
  error_ = error;
  if (is_throttled(error) || error.retryable) {
    ++failures_;
    auto backoff = interval_ * (1 << std::min(failures_, 5));
    next_allowed_ = now + std::min<Clock::duration>(backoff, std::chrono::minutes(5));
  } else {
    next_allowed_ = now;
  }
}

std::string RefreshState::note(Clock::time_point now) const {
  std::string out;
  if (in_flight_ && !last_ok_) return "loading";
  if (now < next_allowed_ && failures_ > 0)
    out = "backoff " +
          short_age(std::chrono::duration_cast<std::chrono::seconds>(next_allowed_ - now));
  if (last_ok_) {
    auto age = now - *last_ok_;
    if (error_ || age > 2 * interval_ + std::chrono::seconds(2)) {
      if (!out.empty()) out += ", ";
      out += "stale " + short_age(std::chrono::duration_cast<std::chrono::seconds>(age));
    }
  } else if (error_) {
    if (!out.empty()) out += ", ";
    out += "error " + (error_->code.empty() ? std::string("no data") : error_->code);
  }
  return out;
}

}  // namespace opsdeck::app
