#include <gtest/gtest.h>

#include <future>

#include "aws/http_executor.hpp"
#include "aws/iso8601.hpp"

using namespace opsdeck::aws;
using namespace std::chrono_literals;

TEST(Iso8601, AwsTimestampShapes) {
  auto t = parse_iso8601("2024-05-01T12:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 1714564800);
  EXPECT_EQ(format_iso8601(*t), "2024-05-01T12:00:00Z");
  auto frac = parse_iso8601("2024-05-01T12:00:00.250Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*frac - *t).count(), 250);
  auto offset = parse_iso8601("2024-05-01T14:00:00+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset, *t);
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T12:00:00 garbage"));
}

// Found by fuzzing credential documents: an Expiration in the year 5 overflowed the
// nanosecond clock (undefined behaviour). Times the clock cannot hold, fields out of range
// and seconds of inf/nan are not times.
TEST(Iso8601, TimesOutsideTheClockAndFieldsOutOfRangeAreRefused) {
  EXPECT_FALSE(parse_iso8601("0005-01-01T00:00:00.000Z"));
  EXPECT_FALSE(parse_iso8601("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_iso8601("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-05-00T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T12:60:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T12:00:infZ"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T12:00:nanZ"));
  EXPECT_FALSE(parse_iso8601("2024-05-01T12:00:-1Z"));
  EXPECT_TRUE(parse_iso8601("2100-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_iso8601("1970-01-01T00:00:00Z"));
}

TEST(HttpExecutor, TimersRunInOrderOnTheIoThreadAndCancelReportsCancelled) {
  HttpExecutor ex;
  std::promise<void> done;
  std::vector<int> order;
  std::atomic<bool> on_io{true};
  ex.schedule(60ms, [&](bool) {
    order.push_back(2);
    on_io = on_io && ex.on_io_thread();
    done.set_value();
  });
  ex.schedule(10ms, [&](bool) {
    order.push_back(1);
    on_io = on_io && ex.on_io_thread();
  });
  std::promise<bool> cancelled;
  auto id = ex.schedule(10s, [&](bool c) { cancelled.set_value(c); });
  ex.cancel(id);
  auto cf = cancelled.get_future();
  ASSERT_EQ(cf.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(cf.get());
  ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_TRUE(on_io);
  EXPECT_FALSE(ex.on_io_thread());
}

TEST(HttpExecutor, ShutdownRunsOutstandingCallbacksAsCancelled) {
  std::atomic<int> cancelled{0};
  {
    HttpExecutor ex;
    for (int i = 0; i < 3; ++i) ex.schedule(1h, [&](bool c) { cancelled += c ? 1 : 0; });
  }
  EXPECT_EQ(cancelled, 3);
}
