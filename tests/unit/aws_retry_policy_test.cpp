#include <gtest/gtest.h>

#include "aws/retry_policy.hpp"

using namespace opsdeck::aws;
using std::chrono::milliseconds;

namespace {
Error aws_error(std::string code, int status) {
  Error e;
  e.kind = ErrorKind::Aws;
  e.code = std::move(code);
  e.http_status = status;
  return e;
}
}  // namespace

TEST(RetryPolicy, RetriesThrottlingTransientAndConnectionErrorsOnly) {
  RetryPolicy p(3, [] { return 0.5; });
  EXPECT_TRUE(p.should_retry(aws_error("ThrottlingException", 400), 1));
  EXPECT_TRUE(p.should_retry(aws_error("RequestLimitExceeded", 503), 1));
  EXPECT_TRUE(p.should_retry(aws_error("", 502), 1));
  EXPECT_TRUE(p.should_retry(aws_error("RequestTimeout", 400), 2));
  EXPECT_FALSE(p.should_retry(aws_error("ThrottlingException", 400), 3));  // budget spent
  EXPECT_FALSE(p.should_retry(aws_error("ValidationError", 400), 1));
  EXPECT_FALSE(p.should_retry(aws_error("AccessDenied", 403), 1));
  EXPECT_FALSE(p.should_retry(aws_error("ResourceNotFoundException", 400), 1));
  Error net = make_error(ErrorKind::Network, "refused");
  net.retryable = true;
  EXPECT_TRUE(p.should_retry(net, 1));
  EXPECT_FALSE(p.should_retry(make_error(ErrorKind::Cancelled, "x"), 1));
  Error creds = aws_error("SignatureDoesNotMatch", 403);
  creds.kind = ErrorKind::Credentials;
  EXPECT_FALSE(p.should_retry(creds, 1));
}

TEST(RetryPolicy, CappedExponentialBackoffWithJitter) {
  RetryPolicy full(10, [] { return 0.999999; });
  auto throttle = aws_error("Throttling", 400);
  auto transient = aws_error("", 500);
  EXPECT_EQ(full.delay(1, throttle), milliseconds(999));
  EXPECT_EQ(full.delay(2, throttle), milliseconds(1999));
  EXPECT_EQ(full.delay(3, throttle), milliseconds(3999));
  EXPECT_EQ(full.delay(9, throttle), milliseconds(19999));  // capped at 20 s
  EXPECT_EQ(full.delay(1, transient), milliseconds(49));
  EXPECT_EQ(full.delay(2, transient), milliseconds(99));
  RetryPolicy none(3, [] { return 0.0; });
  EXPECT_EQ(none.delay(3, throttle), milliseconds(0));
}

TEST(RetryPolicy, RetryAfterHeaderRaisesTheDelayByAtMostFiveSeconds) {
  RetryPolicy p(3, [] { return 0.5; });
  auto t = aws_error("Throttling", 400);
  EXPECT_EQ(p.delay(1, t, milliseconds(2000)), milliseconds(2000));
  EXPECT_EQ(p.delay(1, t, milliseconds(60000)), milliseconds(5500));
  EXPECT_EQ(p.delay(1, t, milliseconds(10)), milliseconds(500));
}
