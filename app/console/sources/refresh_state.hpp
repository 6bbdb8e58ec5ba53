#pragma once
// When a pane polls AWS again: every `interval` while visible, never while its previous
// request is still in flight, backing off (doubling up to 5 min) after throttling or
// other retryable errors. Remembers when data last arrived, so stale data shows its age,
// and the last error (the pane keeps its last good rows). A value type; UI thread only.

#include <chrono>
#include <optional>
#include <string>

#include "aws/result.hpp"

namespace opsdeck::app {

class RefreshState {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RefreshState(std::chrono::milliseconds interval) : interval_(interval) {}

  std::chrono::milliseconds interval() const { return interval_; }
  bool in_flight() const { return in_flight_; }
  // True when a request should start now: visible, none in flight, not backing off.
  bool due(Clock::time_point now, bool visible) const;
  void started(Clock::time_point now);
  void succeeded(Clock::time_point now);
  void failed(const aws::Error& error, Clock::time_point now);

  bool has_data() const { return last_ok_.has_value(); }
  const std::optional<aws::Error>& last_error() const { return error_; }
  // The pane title's note: "" when fresh, "stale 2m" when the data is older than two
  // intervals (or an error came after it), "backoff 40s" while throttled.
  std::string note(Clock::time_point now) const;

 private:
  std::chrono::milliseconds interval_;
  bool in_flight_ = false;
  Clock::time_point next_allowed_{};
  std::optional<Clock::time_point> last_ok_;
  std::optional<aws::Error> error_;
  int failures_ = 0;
};

// "ThrottlingException" style: throttling and similar "slow down" answers.
bool is_throttled(const aws::Error& error);

}  // namespace opsdeck::app
