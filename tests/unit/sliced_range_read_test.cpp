// read_range_sliced: a range that fits in one page costs one request; a dense range is split
// after its first page into concurrent, disjoint time slices and comes out complete and in
// time order; a burst leaves one dense slice whose pages are no more than a single tail's;
// a failing later slice fails the run after the earlier slices were shown.
#include "app/logs/sliced_range_read.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

namespace opsdeck::app {
namespace {

constexpr std::int64_t kT0 = 1'795'255'200'000;  // 2026-11-21T10:00:00Z
constexpr std::int64_t kHour = 3'600'000;

// Serves FilterLogEvents from a fixed event list in pages of `page_size` (by stream when
// not interleaving); safe to call from several threads.
class ListFetcher final : public LogPageFetcher {
 public:
  explicit ListFetcher(std::vector<LogEvent> events, std::size_t page_size = 1000, bool interleave = true)
      : events_(std::move(events)), page_size_(page_size) {
    if (!interleave)
      std::stable_sort(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.stream < b.stream; });
  }
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
    std::vector<LogEvent> match;
    for (const auto& e : events_)
      if (e.timestamp_ms >= r.start_ms && (!r.end_ms || e.timestamp_ms <= *r.end_ms)) match.push_back(e);
    const std::size_t from = r.next_token.empty() ? 0 : std::stoul(r.next_token);
    FilterPage p;
    for (std::size_t i = from; i < match.size() && i < from + page_size_; ++i) p.events.push_back(match[i]);
    if (from + page_size_ < match.size()) p.next_token = std::to_string(from + page_size_);
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
  std::size_t page_size_;
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

TailOptions the_hour() {
  TailOptions o;
  o.groups = {"/g"};
  o.start_ms = kT0;
  o.end_ms = kT0 + kHour - 1;
  return o;
}

void expect_all_in_order(const std::vector<LogEvent>& got, std::size_t n) {
  ASSERT_EQ(got.size(), n);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].message, "m" + std::to_string(i));
}

TEST(SlicedRangeRead, ARangeThatFitsInOnePageCostsOneRequest) {
  ListFetcher fetcher(events_over_the_hour(), 1000);
  SystemTailClock clock;
  Collect sink;
  ASSERT_TRUE(read_range_sliced(the_hour(), 4, fetcher, clock, sink).ok());
  EXPECT_EQ(fetcher.requests().size(), 1U);
  expect_all_in_order(sink.got, 120);
}

TEST(SlicedRangeRead, ADenseRangeIsSplitAfterTheFirstPageIntoDisjointSlices) {
  ListFetcher fetcher(events_over_the_hour(), 30);
  SystemTailClock clock;
  Collect sink;
  auto r = read_range_sliced(the_hour(), 4, fetcher, clock, sink);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  expect_all_in_order(sink.got, 120);  // event 29 (the first page's last) comes back once, dropped

  auto req = fetcher.requests();
  ASSERT_EQ(req.size(), 5U);  // the first page, then one page per slice
  EXPECT_EQ(req.front().start_ms, kT0);
  std::sort(req.begin() + 1, req.end(), [](const auto& a, const auto& b) { return a.start_ms < b.start_ms; });
  EXPECT_EQ(req[1].start_ms, kT0 + 29 * 30'000);  // where the first page ended
  for (std::size_t i = 1; i + 1 < req.size(); ++i) {
    ASSERT_TRUE(req[i].end_ms.has_value());
    EXPECT_EQ(*req[i].end_ms + 1, req[i + 1].start_ms);  // adjacent, no overlap, no gap
  }
  EXPECT_EQ(req.back().end_ms, kT0 + kHour - 1);
}

TEST(SlicedRangeRead, ABurstTakesNoMoreSequentialPagesThanOneTail) {
  std::vector<LogEvent> ev;
  const std::int64_t burst = kT0 + kHour / 2;
  for (int i = 0; i < 100; ++i)  // 100 events within one minute
    ev.push_back({"/g", "a", burst + i * 500, 0, "id" + std::to_string(i), "m" + std::to_string(i)});
  ListFetcher fetcher(ev, 30);
  SystemTailClock clock;
  Collect sink;
  ASSERT_TRUE(read_range_sliced(the_hour(), 4, fetcher, clock, sink).ok());
  expect_all_in_order(sink.got, 100);
  // One tail reads 4 pages one after another; here the first page, then the slice that
  // holds the rest of the burst pages on while the others answer once, empty.
  const auto req = fetcher.requests();
  const std::int64_t rest = burst + 29 * 500;
  std::size_t dense = 0;
  for (const auto& r : req)
    if (r.start_ms == rest) ++dense;
  EXPECT_EQ(dense, 3U);      // 71 events left (one repeated) in pages of 30
  EXPECT_EQ(req.size(), 7U);  // + the first page + 3 empty slices
}

TEST(SlicedRangeRead, AFirstPageOutOfTimeOrderReadsTheRestAsOneTail) {
  // By stream: the first page is stream a's 60 events, then 10 of b, earlier in time.
  ListFetcher fetcher(events_over_the_hour(), 70, /*interleave=*/false);
  SystemTailClock clock;
  Collect sink;
  ASSERT_TRUE(read_range_sliced(the_hour(), 4, fetcher, clock, sink).ok());
  std::vector<std::string> got;
  for (const auto& e : sink.got) got.push_back(e.message);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end()) << "an event came twice";
  EXPECT_EQ(got.size(), 120U);
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
  ListFetcher fetcher(events_over_the_hour(), 30);
  // After the first page (events 0-29) the rest, from event 29's time, is 4 slices of
  // 11.4 min; the last one is refused.
  const std::int64_t rest = kT0 + 29 * 30'000, span = kHour - 1 - 29 * 30'000;
  fetcher.fail_from(rest + span * 3 / 4);
  SystemTailClock clock;
  Collect sink;
  TailOptions o;
  o.groups = {"/g"};
  o.start_ms = kT0;
  o.end_ms = kT0 + kHour - 1;
  auto r = read_range_sliced(o, 4, fetcher, clock, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDeniedException");
  // Everything before the last slice, in order: events up to rest + 3/4 span.
  const std::size_t before = static_cast<std::size_t>((rest + span * 3 / 4 - kT0 + 29'999) / 30'000);
  expect_all_in_order(sink.got, before);
}

}  // namespace
}  // namespace opsdeck::app
