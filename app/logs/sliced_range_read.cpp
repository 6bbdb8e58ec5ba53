#include "app/logs/sliced_range_read.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace opsdeck::app {
namespace {

// Holds a later slice's events until the earlier slices were delivered (worker thread
// writes, the main thread reads after `done`).
class HeldSink final : public LogSink {
 public:
  void on_events(std::vector<LogEvent> events) override {
    std::lock_guard lock(mu_);
    for (auto& e : events) events_.push_back(std::move(e));
  }
  void on_status(const SourceStatus& s) override {
    std::lock_guard lock(mu_);
    statuses_.push_back(s);
  }
  void deliver(LogSink& to) {
    std::lock_guard lock(mu_);
    for (const auto& s : statuses_) to.on_status(s);
    if (!events_.empty()) to.on_events(std::move(events_));
    events_.clear();
    statuses_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<LogEvent> events_;
  std::vector<SourceStatus> statuses_;
};

// The single-tail read's first page: passes one successful page through with its token
// taken away (so the LogTail reading it stops there) and remembers what the page showed.
class FirstPageFetcher final : public LogPageFetcher {
 public:
  explicit FirstPageFetcher(LogPageFetcher& inner) : inner_(inner) {}
  aws::Result<FilterPage> fetch(const FilterRequest& request) override {
    auto page = inner_.fetch(request);
    if (!page) return page;
    more = !page->next_token.empty();
    page->next_token.clear();
    const auto& ev = page->events;
    in_order = std::is_sorted(ev.begin(), ev.end(),
                              [](const LogEvent& a, const LogEvent& b) { return a.timestamp_ms < b.timestamp_ms; });
    if (!ev.empty()) last_ts = ev.back().timestamp_ms;
    for (const auto& e : ev) {
      if (!in_order || e.timestamp_ms == last_ts) seen.insert(e.event_id);
    }
    return page;
  }
  bool more = false;      // the range holds more than the first page
  bool in_order = true;   // the page came in timestamp order
  std::int64_t last_ts = 0;
  std::set<std::string> seen;  // ids a slice may return again (at last_ts; all when out of order)

 private:
  LogPageFetcher& inner_;
};

// Drops the events the first page already delivered.
class ExcludingSink final : public LogSink {
 public:
  ExcludingSink(LogSink& to, const std::set<std::string>& ids) : to_(to), ids_(ids) {}
  void on_events(std::vector<LogEvent> events) override {
    std::erase_if(events, [&](const LogEvent& e) { return !e.event_id.empty() && ids_.count(e.event_id) > 0; });
    if (!events.empty()) to_.on_events(std::move(events));
  }
  void on_status(const SourceStatus& s) override { to_.on_status(s); }

 private:
  LogSink& to_;
  const std::set<std::string>& ids_;
};

struct Slice {
  TailOptions options;
  SystemTailClock clock;
  HeldSink held;
  std::unique_ptr<ExcludingSink> sink;
  aws::Result<void> result;
  std::atomic<bool> done{false};
  std::thread thread;
};

}  // namespace

aws::Result<void> read_range_sliced(const TailOptions& options, int slices, LogPageFetcher& fetcher,
                                    TailClock& clock, LogSink& sink) {
  const std::int64_t end = options.end_ms.value_or(clock.now_ms());
  constexpr std::int64_t kMinSliceMs = 60'000;  // not worth a thread below a minute
  if (options.follow || slices <= 1 || (end - options.start_ms) / kMinSliceMs < 2) {
    LogTail tail(options, fetcher, clock, sink);
    return tail.run();
  }

  // 1. The first page, as the single-tail read gets it.
  FirstPageFetcher first_page(fetcher);
  {
    LogTail probe(options, first_page, clock, sink);
    auto r = probe.run();
    if (!r || !first_page.more) return r;
  }
  // 2. Dense: split what the first page did not cover.
  TailOptions rest = options;
  if (first_page.in_order) rest.start_ms = std::max(options.start_ms, first_page.last_ts);
  const std::int64_t span = end - rest.start_ms;
  slices = first_page.in_order
               ? static_cast<int>(std::clamp<std::int64_t>(span / kMinSliceMs, 1, slices))
               : 1;
  auto part = [&](int i) {
    TailOptions o = rest;
    o.start_ms = rest.start_ms + span * i / slices;
    if (i + 1 < slices) o.end_ms = rest.start_ms + span * (i + 1) / slices - 1;  // inclusive end
    o.requests_per_second = options.requests_per_second / slices;
    return o;
  };
  std::vector<std::unique_ptr<Slice>> later;
  for (int i = 1; i < slices; ++i) {
    auto s = std::make_unique<Slice>();
    s->options = part(i);
    s->sink = std::make_unique<ExcludingSink>(s->held, first_page.seen);
    Slice* p = s.get();
    p->thread = std::thread([p, &fetcher] {
      LogTail tail(p->options, fetcher, p->clock, *p->sink);
      p->result = tail.run();
      p->done.store(true);
    });
    later.push_back(std::move(s));
  }
  auto stop_all = [&] {
    for (auto& s : later) s->clock.cancel();
    for (auto& s : later) s->thread.join();
  };

  ExcludingSink first_sink(sink, first_page.seen);
  LogTail first(part(0), fetcher, clock, first_sink);
  auto r = first.run();
  if (!r) {
    stop_all();
    return r;
  }
  for (auto& s : later) {
    while (!s->done.load()) {
      if (!clock.sleep_ms(5)) {  // Ctrl-C while waiting for a later slice
        stop_all();
        return aws::make_error(aws::ErrorKind::Cancelled, "interrupted");
      }
    }
    s->held.deliver(sink);
    if (!s->result) {
      stop_all();
      return s->result;
    }
  }
  stop_all();
  return {};
}

}  // namespace opsdeck::app
