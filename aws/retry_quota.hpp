#pragma once
// The client-wide retry quota of the SDKs' "standard" retry mode (a token bucket, as in
// botocore's RetryQuotaChecker): the bucket starts full with 500 tokens; every retry takes
// 5 (10 after a timeout) and there is no retry while the bucket cannot pay; a successful
// response gives back what its call's last retry took, or 1 token when the call needed no
// retry; the bucket never holds more than its capacity. So a healthy client always retries,
// and an outage stops retrying after ~100 retries instead of multiplying the load.
//
// Threads: every member is safe to call from any thread (AwsClient calls it from the IO
// thread; tests from their own).

#include <atomic>

#include "aws/result.hpp"

namespace opsdeck::aws {

class RetryQuota {
 public:
  static constexpr int kInitialCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  explicit RetryQuota(int capacity = kInitialCapacity) : capacity_(capacity), available_(capacity) {}

  // Cost of retrying after `e` (kTimeoutRetryCost for ErrorKind::Timeout, else kRetryCost).
  static int cost_of(const Error& e);
  // Takes the cost of one retry after `e`; returns the tokens taken, or 0 when the bucket
  // cannot pay (then do not retry).
  int acquire(const Error& e);
  // A successful response: `retry_cost` is what the call's last retry took (0 if none).
  void on_success(int retry_cost);

  int available() const { return available_.load(); }
  int capacity() const { return capacity_; }

 private:
  const int capacity_;
  std::atomic<int> available_;
};

}  // namespace opsdeck::aws
