#include "app/logs/logs_headless.hpp"

#include <fmt/format.h>

#include <map>

#include "app/exit_codes.hpp"
#include "app/logs/log_output.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/sliced_range_read.hpp"
#include "app/logs/time_spec.hpp"
#include "app/message_printer.hpp"

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
    // How a follow follows (live tail, sampled, polling and why) is said once per change.
    if (s.state == SourceState::Following && flush_each_) {
      if (!s.message.empty() && notes_[s.source] != s.message)
        print_message(UserMessage::info(s.source + ": " + s.message), err_);
      notes_[s.source] = s.message;
      return;
    }
    // A range read reports its failure once, at the end; a follower says it at once.
    if (s.state == SourceState::Backoff || (s.state == SourceState::Failed && flush_each_))
      print_message(UserMessage::error(s.source + (s.state == SourceState::Backoff ? ": retrying: " : ": failed: ") +
                                       s.message),
                    err_);
  }

 private:
  LogOutputFormat format_;
  bool flush_each_;
  std::FILE* out_;
  std::FILE* err_;
  std::string buf_;
  std::map<std::string, std::string> notes_;  // source -> the last note printed
};

}  // namespace

int run_logs(const LogsCommandOptions& o, LogPageFetcher& fetcher, TailClock& clock, std::FILE* out,
             std::FILE* err, LiveTailStarter* live) {
  const std::int64_t now = clock.now_ms();
  auto start = parse_time_point(o.since, now);
  if (!start) {
    print_message(from_error(start.error()).about("--since"), err);
    return kExitUsage;
  }
  TailOptions t;
  t.groups = o.groups;
  t.start_ms = *start;
  if (!o.until.empty()) {
    auto end = parse_time_point(o.until, now);
    if (!end || *end < *start) {
      print_message(UserMessage::error("--until must be a time after --since"), err);
      return kExitUsage;
    }
    t.end_ms = *end;
  }
  if (t.end_ms && o.follow) {
    print_message(UserMessage::error("--follow and --until exclude each other"), err);
    return kExitUsage;
  }
  if (!o.streams.empty() && o.groups.size() != 1) {
    print_message(UserMessage::error("chosen streams need exactly one log group"), err);
    return kExitUsage;
  }
  t.follow = o.follow;
  // LogTail is the one retry layer (the client sends each attempt once). A range read is
  // bounded by the page deadline: an endpoint that never completes a page ends it with an
  // error within that time, however many slices run.
  if (!o.follow) t.page_deadline_ms = o.page_deadline_ms;
  t.filter_pattern = o.filter;
  t.stream_prefix = o.stream_prefix;
  t.stream_names = o.streams;
  if (o.follow && o.mode == FollowMode::Live &&
      o.groups.size() > static_cast<std::size_t>(std::max(o.live_sessions, 1)) * kLiveTailMaxGroups) {
    print_message(UserMessage::error(fmt::format("--mode live follows at most {} groups ({} sessions of {})",
                                                 std::max(o.live_sessions, 1) * kLiveTailMaxGroups,
                                                 std::max(o.live_sessions, 1), kLiveTailMaxGroups),
                                     "raise --live-sessions, or use --mode auto to poll the rest"),
                  err);
    return kExitUsage;
  }
  if (o.follow && o.mode == FollowMode::Live && !live) {
    print_message(UserMessage::error("--mode live: these logs have no live tail", "use --mode poll"), err);
    return kExitUsage;
  }
  PrintingSink sink(o.output == "json" ? LogOutputFormat::Json : LogOutputFormat::Text, o.follow,
                    out, err);
  aws::Result<void> r;
  if (o.follow && o.mode != FollowMode::Poll && live) {
    LiveFollowOptions lo;
    lo.tail = t;
    lo.mode = o.mode;
    lo.max_sessions = o.live_sessions;
    LiveFollow follow(lo, fetcher, live, clock, sink);
    r = follow.run();
  } else {
    r = read_range_sliced(t, o.follow ? 1 : o.slices, fetcher, clock, sink);
  }
  std::fflush(out);
  if (r) return kExitOk;
  if (r.error().kind == aws::ErrorKind::Cancelled) return kExitInterrupted;
  print_message(from_error(r.error()), err);
  return exit_code_for(r.error());
}

}  // namespace opsdeck::app
