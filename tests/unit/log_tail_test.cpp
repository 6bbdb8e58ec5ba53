// LogTail against a scripted in-memory FilterLogEvents (visibility by ingestion time,
// paging by token, injected faults) on a manual clock: exactly once, merged, paced.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "app/logs/log_tail.hpp"
#include "app/logs/time_spec.hpp"
#include "tests/support/scripted_log_fetcher.hpp"

namespace opsdeck::app {
namespace {

constexpr std::int64_t kT0 = 1'795'000'000'000;  // 2026-11-18

TEST(LogTail, RangeFollowsEveryNextTokenAndStopsAtTheLastPage) {
  ManualTailClock clock(kT0 + 60'000);
  ScriptedFetcher f(clock);
  for (int i = 0; i < 10; ++i) f.put("g", "s", kT0 + i, "m" + std::to_string(i));
  RecordingSink sink;
  LogTail tail({.groups = {"g"}, .start_ms = kT0}, f, clock, sink);
  ASSERT_TRUE(tail.run().ok());
  ASSERT_EQ(sink.got.size(), 10U);
  EXPECT_EQ(sink.got.front().message, "m0");
  EXPECT_EQ(sink.got.back().message, "m9");
  ASSERT_EQ(f.requests.size(), 4U);  // pages of 3
  EXPECT_EQ(f.requests[1].next_token, "t3");
  EXPECT_EQ(f.requests[3].start_ms, kT0);  // paging keeps the query's start
  EXPECT_EQ(sink.states.back(), SourceState::Finished);
}

TEST(LogTail, MergesGroupsByTimestampKeepingStreamOrder) {
  ManualTailClock clock(kT0 + 60'000);
  ScriptedFetcher f(clock);
  f.put("a", "s1", kT0 + 10, "a1");
  f.put("a", "s1", kT0 + 10, "a2");  // same ms: stream order must hold
  f.put("a", "s1", kT0 + 30, "a3");
  f.put("b", "s9", kT0 + 5, "b1");
  f.put("b", "s9", kT0 + 20, "b2");
  f.put("b", "s9", kT0 + 40, "b3");
  RecordingSink sink;
  LogTail tail({.groups = {"a", "b"}, .start_ms = kT0}, f, clock, sink);
  ASSERT_TRUE(tail.run().ok());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"b1", "a1", "a2", "b2", "a3", "b3"}));
  EXPECT_EQ(sink.got[0].group, "b");
}

TEST(LogTail, OverlappingWindowsCatchLateEventsAndNeverRepeat) {
  ManualTailClock clock(kT0);
  ScriptedFetcher f(clock);
  RecordingSink sink;
  LogTail tail({.groups = {"g"}, .start_ms = kT0, .follow = true, .overlap_ms = 10'000}, f, clock, sink);
  f.put("g", "s", kT0 - 1, "before start");
  f.put("g", "s", kT0 + 100, "e1");
  f.put("g", "s", kT0 + 200, "e2");
  clock.advance(1000);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"e1", "e2"}));
  // e-late happened at +150 but reaches CloudWatch 5 s later; e3 is ordinary.
  f.put("g", "s", kT0 + 150, "e-late", 5000);
  f.put("g", "s", kT0 + 1500, "e3");
  clock.advance(1000);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(sink.got.size(), 3U);  // e-late not visible yet; e1/e2 re-read and dropped
  clock.advance(5000);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"e1", "e2", "e3", "e-late"}));
  const auto& st = tail.statuses()[0];
  EXPECT_GE(st.duplicates, 4U);
  EXPECT_EQ(st.late, 1U);
  // The windows overlap: every query started at or before the oldest event still catchable.
  for (const auto& r : f.requests) EXPECT_LE(r.start_ms, kT0 + 150);
}

TEST(LogTail, WindowAdvancesAndIdSetStaysBounded) {
  ManualTailClock clock(kT0);
  ScriptedFetcher f(clock);
  f.page_size = 1000;
  RecordingSink sink;
  LogTail tail({.groups = {"g"}, .start_ms = kT0 - 5000, .follow = true, .overlap_ms = 2000, .max_seen_ids = 30}, f,
               clock, sink);
  for (int round = 0; round < 30; ++round) {
    for (int k = 0; k < 20; ++k) f.put("g", "s", clock.now_ms() - 1000 + k, "x");
    clock.advance(1000);
    ASSERT_TRUE(tail.run_round());
  }
  EXPECT_EQ(sink.got.size(), 600U);
  EXPECT_GT(f.requests.back().start_ms, kT0 + 20'000);
  std::set<std::string> ids;
  for (const auto& e : sink.got) EXPECT_TRUE(ids.insert(e.event_id).second) << e.event_id;
}

TEST(LogTail, ExactlyOnceThroughThrottling5xxAndDroppedResponses) {
  ManualTailClock clock(kT0 + 60'000);
  ScriptedFetcher f(clock);
  for (int i = 0; i < 20; ++i) f.put("g", "s" + std::to_string(i % 3), kT0 + i * 10, std::to_string(i));
  f.faults = {aws_error("ThrottlingException", 400), aws_error("InternalFailure", 500),
              aws_error("DropAfterServing", 0), aws_error("ServiceUnavailable", 503),
              aws_error("DropAfterServing", 0)};
  RecordingSink sink;
  LogTail tail({.groups = {"g"}, .start_ms = kT0}, f, clock, sink);
  ASSERT_TRUE(tail.run().ok());
  ASSERT_EQ(sink.got.size(), 20U);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(sink.got[static_cast<std::size_t>(i)].message, std::to_string(i));
  const auto& st = tail.statuses()[0];
  EXPECT_EQ(st.retries, 5U);
  EXPECT_EQ(st.throttled, 1U);
  EXPECT_GT(clock.slept(), 0);  // backed off
  EXPECT_NE(std::find(sink.states.begin(), sink.states.end(), SourceState::Backoff), sink.states.end());
}

TEST(LogTail, ExpiredTokenRestartsTheWindowWithoutDuplicates) {
  ManualTailClock clock(kT0 + 60'000);
  ScriptedFetcher f(clock);
  for (int i = 0; i < 7; ++i) f.put("g", "s", kT0 + i, std::to_string(i));
  RecordingSink sink;
  // First page served, then the token is rejected.
  struct Once : LogPageFetcher {
    ScriptedFetcher& inner;
    bool rejected = false;
    explicit Once(ScriptedFetcher& i) : inner(i) {}
    aws::Result<FilterPage> fetch(const FilterRequest& r) override {
      if (!r.next_token.empty() && !rejected) {
        rejected = true;
        return aws_error("InvalidParameterException", 400);
      }
      return inner.fetch(r);
    }
  };
  Once once(f);
  // The engine only treats token errors as such when the message mentions the token.
  struct TokenMsg : LogPageFetcher {
    Once& o;
    explicit TokenMsg(Once& x) : o(x) {}
    aws::Result<FilterPage> fetch(const FilterRequest& r) override {
      auto p = o.fetch(r);
      if (!p) p.error().message = "The specified nextToken is invalid.";
      return p;
    }
  };
  TokenMsg fetcher(once);
  LogTail tail2({.groups = {"g"}, .start_ms = kT0}, fetcher, clock, sink);
  ASSERT_TRUE(tail2.run().ok());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(tail2.statuses()[0].duplicates, 3U);
}

TEST(LogTail, PermanentErrorFailsARangeRun) {
  ManualTailClock clock(kT0);
  ScriptedFetcher f(clock);
  f.faults = {aws_error("ResourceNotFoundException", 400)};
  RecordingSink sink;
  LogTail tail({.groups = {"missing"}, .start_ms = kT0}, f, clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_EQ(f.requests.size(), 1U);  // not retried
  EXPECT_EQ(sink.states.back(), SourceState::Failed);
}

TEST(LogTail, IntervalRelaxesWhenQuietAndSnapsBackOnEvents) {
  ManualTailClock clock(kT0);
  ScriptedFetcher f(clock);
  RecordingSink sink;
  LogTail tail({.groups = {"g"}, .start_ms = kT0, .follow = true, .min_interval_ms = 500, .max_interval_ms = 4000},
               f, clock, sink);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(tail.current_interval_ms(), 4000);
  f.put("g", "s", clock.now_ms(), "wake");
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(tail.current_interval_ms(), 500);
  EXPECT_LE(tail.current_interval_ms(), 1000);
}

TEST(LogTail, OneRateBudgetForAllGroups) {
  ManualTailClock clock(kT0);
  ScriptedFetcher f(clock);
  std::vector<std::string> groups;
  for (int i = 0; i < 12; ++i) groups.push_back("g" + std::to_string(i));
  RecordingSink sink;
  LogTail tail({.groups = groups, .start_ms = kT0, .follow = true, .requests_per_second = 4, .burst = 4}, f, clock,
               sink);
  ASSERT_TRUE(tail.run_round());
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(f.requests.size(), 24U);
  // 24 requests at 4/s with a burst of 4 need at least 5 s.
  EXPECT_GE(clock.slept(), 5000);
}

TEST(TimeSpec, RelativeIsoAndRanges) {
  const std::int64_t now = kT0;
  EXPECT_EQ(*parse_time_point("10m", now), now - 600'000);
  EXPECT_EQ(*parse_time_point("1h", now), now - 3'600'000);
  EXPECT_EQ(*parse_time_point("2d", now), now - 2 * 86'400'000LL);
  EXPECT_EQ(*parse_time_point("now", now), now);
  EXPECT_EQ(*parse_time_point("2026-11-21T10:00", now), 1'795'255'200'000LL);
  EXPECT_EQ(*parse_time_point("2026-11-21T10:00:30.5Z", now), 1'795'255'230'500LL);
  EXPECT_EQ(*parse_time_point("2026-11-21T12:00+02:00", now), 1'795'255'200'000LL);
  EXPECT_FALSE(parse_time_point("10x", now).ok());
  EXPECT_FALSE(parse_time_point("2026-13-01T00:00", now).ok());
  EXPECT_EQ(parse_time_point("yesterday", now).error().kind, aws::ErrorKind::Usage);
  auto r = parse_time_range("1h..10m", now);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->start_ms, now - 3'600'000);
  EXPECT_EQ(*r->end_ms, now - 600'000);
  EXPECT_FALSE(parse_time_range("10m..1h", now).ok());
  EXPECT_FALSE(parse_time_range("10m", now)->end_ms.has_value());
}

}  // namespace
}  // namespace opsdeck::app
