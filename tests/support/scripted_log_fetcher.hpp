#pragma once
// A scripted in-memory FilterLogEvents for tail-engine unit tests: events become visible at
// their ingestion time on the test's clock, pages follow a token, faults are injected in
// order. And a sink that records what it was given.

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "app/logs/log_event.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/logs/tail_clock.hpp"

namespace opsdeck::app {

struct StoredEvent {
  std::string stream;
  std::int64_t ts, ingest;
  std::string id, msg;
};

class ScriptedFetcher : public LogPageFetcher {
 public:
  explicit ScriptedFetcher(TailClock& clock) : clock_(clock) {}
  void put(const std::string& group, const std::string& stream, std::int64_t ts, std::string msg,
           std::int64_t ingest_delay = 0) {
    auto& v = groups_[group];
    v.push_back({stream, ts, ts + ingest_delay, group + "-" + std::to_string(next_id_++), std::move(msg)});
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.ts < b.ts; });
  }
  aws::Result<FilterPage> fetch(const FilterRequest& req) override {
    requests.push_back(req);
    if (!faults.empty()) {
      aws::Error e = faults.front();
      faults.pop_front();
      if (e.code != "DropAfterServing") return e;
      serve(req);  // the server did the work, the response was lost
      e.kind = aws::ErrorKind::Network;
      return e;
    }
    return serve(req);
  }
  FilterPage serve(const FilterRequest& req) {
    std::vector<const StoredEvent*> match;
    for (const auto& e : groups_[req.group]) {
      if (e.ingest > clock_.now_ms() || e.ts < req.start_ms) continue;
      if (req.end_ms && e.ts >= *req.end_ms) continue;
      if (!req.stream_prefix.empty() && e.stream.rfind(req.stream_prefix, 0) != 0) continue;
      match.push_back(&e);
    }
    std::size_t from = req.next_token.empty() ? 0 : std::stoul(req.next_token.substr(1));
    FilterPage p;
    for (std::size_t k = from; k < match.size() && k < from + page_size; ++k)
      p.events.push_back({req.group, match[k]->stream, match[k]->ts, match[k]->ingest, match[k]->id, match[k]->msg});
    if (from + page_size < match.size()) p.next_token = "t" + std::to_string(from + page_size);
    return p;
  }

  std::vector<FilterRequest> requests;
  std::deque<aws::Error> faults;
  std::size_t page_size = 3;

 private:
  TailClock& clock_;
  std::map<std::string, std::vector<StoredEvent>> groups_;
  int next_id_ = 0;
};

struct RecordingSink : LogSink {
  void on_events(std::vector<LogEvent> events) override {
    ++batches;
    for (auto& e : events) got.push_back(std::move(e));
  }
  void on_status(const SourceStatus& s) override {
    states.push_back(s.state);
    statuses.push_back(s);
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> m;
    for (const auto& e : got) m.push_back(e.message);
    return m;
  }
  std::vector<LogEvent> got;
  std::vector<SourceState> states;
  std::vector<SourceStatus> statuses;
  int batches = 0;
};

inline aws::Error aws_error(const char* code, int status) {
  aws::Error e = aws::make_error(aws::ErrorKind::Aws, std::string(code) + " injected");
  e.code = code;
  e.http_status = status;
  return e;
}

}  // namespace opsdeck::app
