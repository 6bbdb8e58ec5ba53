#include "app/logs/sliced_range_read.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
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

struct Slice {
  TailOptions options;
  SystemTailClock clock;
  HeldSink sink;
  aws::Result<void> result;
  std::atomic<bool> done{false};
  std::thread thread;
};

}  // namespace

aws::Result<void> read_range_sliced(const TailOptions& options, int slices, LogPageFetcher& fetcher,
                                    TailClock& clock, LogSink& sink) {
  const std::int64_t end = options.end_ms.value_or(clock.now_ms());
  const std::int64_t span = end - options.start_ms;
  constexpr std::int64_t kMinSliceMs = 60'000;  // not worth a thread below a minute
  slices = static_cast<int>(std::clamp<std::int64_t>(span / kMinSliceMs, 1, std::max(slices, 1)));
  if (options.follow || slices <= 1) {
    LogTail tail(options, fetcher, clock, sink);
    return tail.run();
  }

  auto part = [&](int i) {
    TailOptions o = options;
    o.start_ms = options.start_ms + span * i / slices;
    if (i + 1 < slices) o.end_ms = options.start_ms + span * (i + 1) / slices - 1;  // inclusive end
    o.requests_per_second = options.requests_per_second / slices;
    o.burst = std::max(1.0, options.burst / slices);
    return o;
  };
  std::vector<std::unique_ptr<Slice>> later;
  for (int i = 1; i < slices; ++i) {
    auto s = std::make_unique<Slice>();
    s->options = part(i);
    Slice* p = s.get();
    p->thread = std::thread([p, &fetcher] {
      LogTail tail(p->options, fetcher, p->clock, p->sink);
      p->result = tail.run();
      p->done.store(true);
    });
    later.push_back(std::move(s));
  }
  auto stop_all = [&] {
    for (auto& s : later) s->clock.cancel();
    for (auto& s : later) s->thread.join();
  };

  LogTail first(part(0), fetcher, clock, sink);
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
    s->sink.deliver(sink);
    if (!s->result) {
      stop_all();
      return s->result;
    }
  }
  stop_all();
  return {};
}

}  // namespace opsdeck::app
