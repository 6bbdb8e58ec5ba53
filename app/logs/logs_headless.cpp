#include "app/logs/logs_headless.hpp"

#include <fmt/format.h>

#include "app/exit_codes.hpp"
#include "app/logs/log_output.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/sliced_range_read.hpp"
#include "app/logs/time_spec.hpp"
#include "app/plain_table.hpp"

namespace opsdeck::app {
namespace {

class PrintingSink final : public LogSink {
 public:
  PrintingSink(LogOutputFormat format, bool flush_each, std::FILE* out, std::FILE* err)
      : format_(format), flush_each_(flush_each), out_(out), err_(err) {}
  void on_events(std::vector<LogEvent> events) override {
    buf_.clear();
    for (const auto& e : events) format_log_event(e, format_, buf_);
    std::fwrite(buf_.data(), 1, buf_.size(), out_);
    if (flush_each_) std::fflush(out_);
  }
  void on_status(const SourceStatus& s) override {
    // A range read reports its failure once, at the end; a follower says it at once.
    if (s.state == SourceState::Backoff || (s.state == SourceState::Failed && flush_each_))
      std::fprintf(err_, "opsdeck: %s: %s: %s\n", sanitize_for_terminal(s.source).c_str(),
                   s.state == SourceState::Backoff ? "retrying" : "failed",
                   sanitize_for_terminal(s.message).c_str());
  }

 private:
  LogOutputFormat format_;
  bool flush_each_;
  std::FILE* out_;
  std::FILE* err_;
  std::string buf_;
};

}  // namespace

int run_logs(const LogsCommandOptions& o, LogPageFetcher& fetcher, TailClock& clock, std::FILE* out,
             std::FILE* err) {
  const std::int64_t now = clock.now_ms();
  auto start = parse_time_point(o.since, now);
  if (!start) {
    std::fprintf(err, "opsdeck: --since: %s\n", start.error().describe().c_str());
    return kExitUsage;
  }
  TailOptions t;
  t.groups = o.groups;
  t.start_ms = *start;
  if (!o.until.empty()) {
    auto end = parse_time_point(o.until, now);
    if (!end || *end < *start) {
      std::fprintf(err, "opsdeck: --until must be a time after --since\n");
      return kExitUsage;
    }
    t.end_ms = *end;
  }
  if (t.end_ms && o.follow) {
    std::fprintf(err, "opsdeck: --follow and --until exclude each other\n");
    return kExitUsage;
  }
  if (!o.streams.empty() && o.groups.size() != 1) {
    std::fprintf(err, "opsdeck: chosen streams need exactly one log group\n");
    return kExitUsage;
  }
  t.follow = o.follow;
  // A range read leaves retries to the AWS client (3 attempts with backoff per request), so
  // a failing or stalled endpoint ends it within one request's retries instead of 8 x 3.
  if (!o.follow) t.max_attempts = 1;
  t.filter_pattern = o.filter;
  t.stream_prefix = o.stream_prefix;
  t.stream_names = o.streams;
  PrintingSink sink(o.output == "json" ? LogOutputFormat::Json : LogOutputFormat::Text, o.follow,
                    out, err);
  auto r = read_range_sliced(t, o.follow ? 1 : o.slices, fetcher, clock, sink);
  std::fflush(out);
  if (r) return kExitOk;
  if (r.error().kind == aws::ErrorKind::Cancelled) return kExitInterrupted;
  std::fprintf(err, "opsdeck: %s\n", sanitize_for_terminal(r.error().describe()).c_str());
  return exit_code_for(r.error());
}

}  // namespace opsdeck::app
