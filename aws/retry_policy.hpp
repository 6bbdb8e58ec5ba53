#pragma once
// Retry decisions in the SDKs' "standard" mode (notes/aws-protocols.md §6):
//   retry transient errors (RequestTimeout*, PriorRequestNotComplete, HTTP 500/502/503/504,
//   connection errors and timeouts) and throttling codes; at most `max_attempts` attempts
//   (3 by default); delay before retry i = random(0,1) * min(base * 2^(i-1), 20 s), base 1 s
//   for throttling and 50 ms otherwise; an x-amz-retry-after header (ms) raises the delay,
//   to at most 5 s above the computed one.
// The random source is injectable so tests are deterministic. The policy holds no clock:
// the client waits the returned delay on the executor's timer.
// The standard mode's client-wide retry quota (token bucket) is aws/retry_quota.hpp.

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::aws {

bool is_throttling_code(std::string_view code);
bool is_transient_code(std::string_view code);
// Whether an error from the service or the transport is worth another attempt.
bool is_retryable(const Error& e);

class RetryPolicy {
 public:
  using Random = std::function<double()>;  // uniform in [0, 1)

  explicit RetryPolicy(int max_attempts = 3, Random random = {});

  int max_attempts() const { return max_attempts_; }
  // `attempts_done` is how many attempts have been made (1 after the first).
  bool should_retry(const Error& e, int attempts_done) const;
  std::chrono::milliseconds delay(int attempts_done, const Error& e,
                                  std::optional<std::chrono::milliseconds> retry_after = {}) const;

 private:
  int max_attempts_;
  Random random_;
};

}  // namespace opsdeck::aws
