#include "app/logs/polling_log_source.hpp"

namespace opsdeck::app {

PollingLogSource::PollingLogSource(TailOptions options, LogPageFetcher& fetcher)
    : options_(std::move(options)), fetcher_(fetcher) {}

PollingLogSource::~PollingLogSource() { stop(); }

void PollingLogSource::start(LogSink& sink) {
  if (worker_.joinable()) return;
  clock_.reset();
  if (!tail_) {
    sink_ = &sink;
    tail_ = std::make_unique<LogTail>(options_, fetcher_, clock_, sink);
  }
  worker_ = std::thread([this] {
    auto r = tail_->run();
    if (!r && r.error().kind != aws::ErrorKind::Cancelled) {
      SourceStatus s;
      s.source = label();
      s.state = SourceState::Failed;
      s.message = r.error().describe();
      sink_->on_status(s);
    }
  });
}

void PollingLogSource::stop() {
  clock_.cancel();
  if (worker_.joinable()) worker_.join();
}

std::string PollingLogSource::label() const {
  std::string l;
  for (const auto& g : options_.groups) l += (l.empty() ? "" : ", ") + g;
  return l;
}

}  // namespace opsdeck::app
