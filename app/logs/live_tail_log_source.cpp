#include "app/logs/live_tail_log_source.hpp"

namespace opsdeck::app {

LiveTailLogSource::LiveTailLogSource(LiveFollowOptions options, LogPageFetcher& fetcher, LiveTailStarter* starter)
    : options_(std::move(options)), fetcher_(fetcher), starter_(starter) {}

LiveTailLogSource::~LiveTailLogSource() { stop(); }

void LiveTailLogSource::start(LogSink& sink) {
  if (worker_.joinable()) return;
  clock_.reset();
  if (!follow_) {
    sink_ = &sink;
    follow_ = std::make_unique<LiveFollow>(options_, fetcher_, starter_, clock_, sink);
  }
  worker_ = std::thread([this] {
    auto r = follow_->run();
    if (!r && r.error().kind != aws::ErrorKind::Cancelled) {
      SourceStatus s;
      s.source = label();
      s.state = SourceState::Failed;
      s.message = r.error().describe();
      sink_->on_status(s);
    }
  });
}

void LiveTailLogSource::stop() {
  clock_.cancel();
  if (worker_.joinable()) worker_.join();
}

std::string LiveTailLogSource::label() const {
  std::string l;
  for (const auto& g : options_.tail.groups) l += (l.empty() ? "" : ", ") + g;
  return l;
}

}  // namespace opsdeck::app
