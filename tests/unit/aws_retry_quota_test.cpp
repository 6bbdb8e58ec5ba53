// The standard retry mode's client-wide token bucket (aws/retry_quota.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "aws/retry_quota.hpp"

namespace opsdeck::aws {
namespace {

Error server_error() {
  Error e;
  e.kind = ErrorKind::Aws;
  e.http_status = 500;
  return e;
}

Error timeout_error() {
  Error e;
  e.kind = ErrorKind::Timeout;
  e.retryable = true;
  return e;
}

TEST(RetryQuota, StartsFullAndRetriesCostFiveOrTenForTimeouts) {
  RetryQuota q;
  EXPECT_EQ(q.available(), 500);
  EXPECT_EQ(q.acquire(server_error()), 5);
  EXPECT_EQ(q.available(), 495);
  EXPECT_EQ(q.acquire(timeout_error()), 10);
  EXPECT_EQ(q.available(), 485);
}

TEST(RetryQuota, NoRetryWhenTheBucketCannotPay) {
  RetryQuota q;
  for (int i = 0; i < 100; ++i) ASSERT_EQ(q.acquire(server_error()), 5) << i;
  EXPECT_EQ(q.available(), 0);
  EXPECT_EQ(q.acquire(server_error()), 0);
  EXPECT_EQ(q.available(), 0);

  RetryQuota small(7);
  EXPECT_EQ(small.acquire(timeout_error()), 0);  // 10 > 7: refused, nothing taken
  EXPECT_EQ(small.available(), 7);
  EXPECT_EQ(small.acquire(server_error()), 5);
  EXPECT_EQ(small.acquire(server_error()), 0);  // 2 left
  EXPECT_EQ(small.available(), 2);
}

TEST(RetryQuota, SuccessRefundsTheRetryCostOrOneAndNeverExceedsCapacity) {
  RetryQuota q;
  q.on_success(0);
  EXPECT_EQ(q.available(), 500);  // capped
  int taken = q.acquire(timeout_error());
  EXPECT_EQ(q.available(), 490);
  q.on_success(taken);  // the retried call succeeded: its retry cost comes back
  EXPECT_EQ(q.available(), 500);
  q.acquire(server_error());
  q.acquire(server_error());
  EXPECT_EQ(q.available(), 490);
  q.on_success(0);  // a call that needed no retry adds one
  EXPECT_EQ(q.available(), 491);
  for (int i = 0; i < 20; ++i) q.on_success(0);
  EXPECT_EQ(q.available(), 500);

  // Drained, then refilled by successes: retries become possible again.
  for (int i = 0; i < 100; ++i) q.acquire(server_error());
  EXPECT_EQ(q.acquire(server_error()), 0);
  for (int i = 0; i < 5; ++i) q.on_success(0);
  EXPECT_EQ(q.acquire(server_error()), 5);
}

TEST(RetryQuota, ConcurrentCallersNeverOverdraw) {
  RetryQuota q;
  std::atomic<int> granted{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (q.acquire(server_error())) ++granted;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(granted.load(), 100);
  EXPECT_EQ(q.available(), 0);
}

}  // namespace
}  // namespace opsdeck::aws
