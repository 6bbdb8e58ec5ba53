// read_range_sliced: a range read as concurrent, disjoint time slices comes out complete and
// in time order; a failing later slice fails the run after the earlier slices were shown.
#include "app/logs/sliced_range_read.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

namespace opsdeck::app {
namespace {

constexpr std::int64_t kT0 = 1'795'255'200'000;  // 2026-11-21T10:00:00Z
constexpr std::int64_t kHour = 3'600'000;

// Serves FilterLogEvents from a fixed event list; safe to call from several threads.
class ListFetcher final : public LogPageFetcher {
 public:
  explicit ListFetcher(std::vector<LogEvent> events) : events_(std::move(events)) {}
  aws::Result<FilterPage> fetch(const FilterRequest& r) override {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(r);
      if (fail_from_ms_ && r.start_ms >= *fail_from_ms_) {
        aws::Error e = aws::make_error(aws::ErrorKind::Aws, "denied");
        e.code = "AccessDeniedException";
        e.http_status = 400;
        return e;
      }
    }
    FilterPage p;
    for (const auto& e : events_)
      if (e.timestamp_ms >= r.start_ms && (!r.end_ms || e.timestamp_ms <= *r.end_ms))
        p.events.push_back(e);
    return p;
  }
  std::vector<FilterRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  void fail_from(std::int64_t ms) { fail_from_ms_ = ms; }

 private:
  std::mutex mu_;
  std::vector<LogEvent> events_;
  std::vector<FilterRequest> requests_;
  std::optional<std::int64_t> fail_from_ms_;
};

struct Collect final : LogSink {
  std::vector<LogEvent> got;
  void on_events(std::vector<LogEvent> ev) override {
    for (auto& e : ev) got.push_back(std::move(e));
  }
  void on_status(const SourceStatus&) override {}
};

std::vector<LogEvent> events_over_the_hour() {
  std::vector<LogEvent> ev;
  for (int i = 0; i < 120; ++i)  // one every 30 s, in 2 streams
    ev.push_back({"/g", i % 2 ? "b" : "a", kT0 + i * 30'000, kT0 + i * 30'000,
                  "id" + std::to_string(i), "m" + std::to_string(i)});
  return ev;
}

TEST(SlicedRangeRead, FourDisjointSlicesGiveEveryEventOnceInTimeOrder) {
  ListFetcher fetcher(events_over_the_hour());
  SystemTailClock clock;
  Collect sink;
  TailOptions o;
  o.groups = {"/g"};
  o.start_ms = kT0;
  o.end_ms = kT0 + kHour - 1;
  auto r = read_range_sliced(o, 4, fetcher, clock, sink);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(sink.got.size(), 120U);
  for (std::size_t i = 0; i < sink.got.size(); ++i)
    EXPECT_EQ(sink.got[i].message, "m" + std::to_string(i));

  auto req = fetcher.requests();
  ASSERT_EQ(req.size(), 4U);
  std::sort(req.begin(), req.end(),
            [](const auto& a, const auto& b) { return a.start_ms < b.start_ms; });
  EXPECT_EQ(req.front().start_ms, kT0);
  for (std::size_t i = 0; i + 1 < req.size(); ++i) {
    ASSERT_TRUE(req[i].end_ms.has_value());
    EXPECT_EQ(*req[i].end_ms + 1, req[i + 1].start_ms);  // adjacent, no overlap, no gap
  }
  EXPECT_EQ(req.back().end_ms, o.end_ms);
}

TEST(SlicedRangeRead, OneSliceOrAShortRangeIsOneTail) {
  ListFetcher fetcher(events_over_the_hour());
  SystemTailClock clock;
  Collect sink;
  TailOptions o;
  o.groups = {"/g"};
  o.start_ms = kT0;
  o.end_ms = kT0 + 90'000;  // 1.5 minutes: not split
  ASSERT_TRUE(read_range_sliced(o, 4, fetcher, clock, sink).ok());
  EXPECT_EQ(fetcher.requests().size(), 1U);
  EXPECT_EQ(sink.got.size(), 4U);  // 0, 30, 60, 90 s
}

TEST(SlicedRangeRead, ALaterSliceFailingFailsTheRunAfterEarlierSlicesWereShown) {
  ListFetcher fetcher(events_over_the_hour());
  fetcher.fail_from(kT0 + kHour * 3 / 4 - 1);  // the last slice is refused
  SystemTailClock clock;
  Collect sink;
  TailOptions o;
  o.groups = {"/g"};
  o.start_ms = kT0;
  o.end_ms = kT0 + kHour - 1;
  auto r = read_range_sliced(o, 4, fetcher, clock, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDeniedException");
  ASSERT_EQ(sink.got.size(), 90U);  // the first three quarters, in order
  for (std::size_t i = 0; i < sink.got.size(); ++i)
    EXPECT_EQ(sink.got[i].message, "m" + std::to_string(i));
}

}  // namespace
}  // namespace opsdeck::app
