#include "app/logs/log_tail.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "aws/page_tokens.hpp"

namespace opsdeck::app {

const char* to_string(SourceState s) {
  switch (s) {
    case SourceState::Starting: return "starting";
    case SourceState::Following: return "following";
    case SourceState::Backoff: return "retrying";
    case SourceState::Failed: return "failed";
    case SourceState::Finished: return "finished";
  }
  return "?";
}

bool is_throttling(const aws::Error& e) {
  return e.code == "ThrottlingException" || e.code == "Throttling" || e.code == "TooManyRequestsException" ||
         e.code == "RequestLimitExceeded" || e.http_status == 429;
}

bool is_retryable(const aws::Error& e) {
  if (e.retryable || is_throttling(e)) return true;
  if (e.http_status >= 500) return true;
  return e.kind == aws::ErrorKind::Network || e.kind == aws::ErrorKind::Timeout;
}

namespace {
// An attempt with less time than this before the page deadline is not worth starting.
constexpr std::int64_t kMinAttemptMs = 1000;

bool is_bad_token(const aws::Error& e) {
  return e.code == "InvalidParameterException" && e.message.find("oken") != std::string::npos;
}
}  // namespace

LogTail::LogTail(TailOptions options, LogPageFetcher& fetcher, TailClock& clock, LogSink& sink)
    : opt_(std::move(options)),
      fetcher_(fetcher),
      clock_(clock),
      sink_(sink),
      budget_(opt_.requests_per_second, opt_.burst),
      interval_ms_(opt_.min_interval_ms) {
  if (opt_.end_ms) opt_.follow = false;
  cursors_.resize(opt_.groups.size());
  status_.resize(opt_.groups.size());
  for (std::size_t i = 0; i < cursors_.size(); ++i) {
    cursors_[i].window_start = opt_.start_ms;
    status_[i].source = opt_.groups[i];
  }
}

std::int64_t LogTail::backoff_ms(int failures) {
  const int shift = std::min(failures - 1, 20);
  const std::int64_t cap = std::min(opt_.backoff_cap_ms, opt_.backoff_base_ms << std::max(shift, 0));
  // "Full jitter" between half and all of the capped exponential step.
  std::uniform_int_distribution<std::int64_t> d(cap / 2, std::max(cap, std::int64_t{1}));
  return d(rng_);
}

void LogTail::set_state(std::size_t i, SourceState s, std::string message) {
  SourceStatus& st = status_[i];
  if (st.state == s && st.message == message) return;
  st.state = s;
  st.message = std::move(message);
  sink_.on_status(st);
}

aws::Result<FilterPage> LogTail::fetch_with_retries(std::size_t i, const FilterRequest& request, bool& cancelled) {
  Cursor& c = cursors_[i];
  SourceStatus& st = status_[i];
  FilterRequest req = request;
  const std::int64_t deadline = opt_.page_deadline_ms > 0 ? clock_.now_ms() + opt_.page_deadline_ms : 0;
  auto cancel = [&cancelled] {
    cancelled = true;
    return aws::make_error(aws::ErrorKind::Cancelled, "cancelled");
  };
  auto out_of_time = [&](aws::Error e, int attempts) {
    e.message += fmt::format(" (gave up on the page after {} attempt{} in {} s)", attempts, attempts == 1 ? "" : "s",
                             (opt_.page_deadline_ms + 999) / 1000);
    return e;
  };
  std::optional<aws::Error> previous;
  for (int attempt = 1;; ++attempt) {
    if (!clock_.sleep_ms(budget_.wait_ms(clock_.now_ms()))) return cancel();
    if (deadline) {
      const std::int64_t left = deadline - clock_.now_ms();
      if (left <= 0) {
        if (previous) return out_of_time(std::move(*previous), attempt - 1);
        return out_of_time(aws::make_error(aws::ErrorKind::Timeout, "no FilterLogEvents page within the deadline"), 0);
      }
      req.timeout_ms = left;
    }
    budget_.take(clock_.now_ms());
    ++st.requests;
    auto page = fetcher_.fetch(req);
    if (page) {
      budget_.on_success();
      c.failures = 0;
      return page;
    }
    aws::Error& e = page.error();
    if (!is_retryable(e)) return page;
    if (attempt >= opt_.max_attempts) {
      if (attempt > 1) e.message += fmt::format(" (after {} attempts)", attempt);
      return page;
    }
    ++st.retries;
    ++c.failures;
    if (is_throttling(e)) {
      ++st.throttled;
      budget_.on_throttled();
    }
    const std::int64_t wait = backoff_ms(c.failures);
    // Too little time left for another attempt: the error says why there is no other.
    if (deadline && deadline - clock_.now_ms() - wait < kMinAttemptMs) return out_of_time(std::move(e), attempt);
    set_state(i, SourceState::Backoff, e.describe());
    previous = e;
    if (!clock_.sleep_ms(wait)) return cancel();
  }
}

void LogTail::accept(std::size_t i, std::vector<LogEvent>& events, std::vector<LogEvent>& out) {
  Cursor& c = cursors_[i];
  SourceStatus& st = status_[i];
  for (auto& ev : events) {
    // The service filters streams; checking again costs nothing and keeps the promise on
    // endpoints that ignore the prefix (moto 5.2.1 does).
    if (!opt_.stream_prefix.empty() && ev.stream.rfind(opt_.stream_prefix, 0) != 0) continue;
    if (!opt_.stream_names.empty() &&
        std::find(opt_.stream_names.begin(), opt_.stream_names.end(), ev.stream) == opt_.stream_names.end())
      continue;
    // Without an id (never from CloudWatch) the stream and message stand in for it.
    std::string key = ev.event_id.empty() ? ev.stream + '\n' + ev.message : ev.event_id;
    if (!c.seen.emplace(ev.timestamp_ms, std::move(key)).second) {
      ++st.duplicates;
      continue;
    }
    if (c.has_events && ev.timestamp_ms < c.high_water) ++st.late;
    c.high_water = c.has_events ? std::max(c.high_water, ev.timestamp_ms) : ev.timestamp_ms;
    c.has_events = true;
    if (ev.group.empty()) ev.group = opt_.groups[i];
    out.push_back(std::move(ev));
  }
}

void LogTail::advance_window(std::size_t i) {
  Cursor& c = cursors_[i];
  std::int64_t next = clock_.now_ms() - opt_.overlap_ms;
  if (c.has_events) next = std::min(next, c.high_water);
  c.window_start = std::max(c.window_start, next);
  // Ids older than the window can never be returned again.
  c.seen.erase(c.seen.begin(), c.seen.lower_bound({c.window_start, std::string()}));
  // Hard bound: drop the oldest ids and stop querying that far back.
  while (c.seen.size() > opt_.max_seen_ids) {
    const std::int64_t ts = c.seen.begin()->first;
    c.window_start = std::max(c.window_start, ts + 1);
    c.seen.erase(c.seen.begin(), c.seen.lower_bound({ts + 1, std::string()}));
  }
}

bool LogTail::poll_group(std::size_t i, std::vector<LogEvent>& out, bool emit_each_page) {
  Cursor& c = cursors_[i];
  // One guard per read of this group: a later round sends its tokens afresh, and a read
  // that resumes from a kept token counts that token as sent.
  aws::PageTokenGuard guard("FilterLogEvents on " + opt_.groups[i]);
  guard.resume_from(c.token);
  int restarts = 0;  // an endpoint that rejects every token must not restart forever
  for (;;) {
    if (c.token.empty()) c.query_start = c.window_start;
    FilterRequest req{opt_.groups[i], opt_.stream_names, opt_.stream_prefix, opt_.filter_pattern,
                      c.query_start, opt_.end_ms, c.token, opt_.page_limit};
    bool cancelled = false;
    auto page = fetch_with_retries(i, req, cancelled);
    if (cancelled) return false;
    if (!page) {
      const aws::Error& e = page.error();
      if (is_bad_token(e) && !c.token.empty() && ++restarts <= 3) {
        c.token.clear();  // restart this window; dedupe drops what we already have
        guard.restart();
        continue;
      }
      set_state(i, is_retryable(e) && opt_.follow ? SourceState::Backoff : SourceState::Failed, e.describe());
      if (!last_error_) last_error_ = e;
      ++c.failed_rounds;
      return true;  // cursor kept: the next round resumes here
    }
    std::size_t before = out.size();
    accept(i, page->events, out);
    new_in_round_ += out.size() - before;
    if (emit_each_page && out.size() > before) {
      sink_.on_events(std::move(out));
      out.clear();
    }
    if (auto fresh = guard.check(page->next_token); !fresh) {
      // The endpoint loops: its token is worthless, the next round starts the window over.
      c.token.clear();
      set_state(i, SourceState::Failed, fresh.error().describe());
      if (!last_error_) last_error_ = fresh.error();
      ++c.failed_rounds;
      return true;
    }
    c.token = std::move(page->next_token);
    if (c.token.empty()) break;
  }
  c.failed_rounds = 0;
  if (opt_.follow) {
    advance_window(i);
    set_state(i, SourceState::Following, "");
  } else {
    set_state(i, SourceState::Finished, "");
  }
  return true;
}

bool LogTail::run_round() {
  last_error_.reset();
  new_in_round_ = 0;
  std::vector<LogEvent> batch;
  const bool single = cursors_.size() == 1;
  auto deliver = [&] {
    if (batch.empty()) return;
    std::stable_sort(batch.begin(), batch.end(),
                     [](const LogEvent& a, const LogEvent& b) { return a.timestamp_ms < b.timestamp_ms; });
    sink_.on_events(std::move(batch));
    batch.clear();
  };
  for (std::size_t i = 0; i < cursors_.size(); ++i) {
    if (!opt_.follow && status_[i].state == SourceState::Finished) continue;
    if (!poll_group(i, batch, single)) {
      // Accepted events are in the id sets already: deliver them, or a resumed tail would
      // never show them.
      deliver();
      return false;
    }
  }
  deliver();
  if (new_in_round_ > 0) {
    interval_ms_ = opt_.min_interval_ms;
  } else {
    interval_ms_ = std::min(opt_.max_interval_ms, interval_ms_ * 3 / 2 + 1);
  }
  return true;
}

std::int64_t LogTail::next_wait_ms() {
  int worst = 0;
  for (const auto& c : cursors_) worst = std::max(worst, c.failed_rounds);
  return worst > 0 ? std::max(interval_ms_, backoff_ms(worst)) : interval_ms_;
}

aws::Result<void> LogTail::run() {
  if (!opt_.follow) {
    // One round reads the range; a page that still fails after its attempts fails the read
    // (retrying the round would multiply the attempts).
    for (;;) {
      if (!run_round()) return aws::make_error(aws::ErrorKind::Cancelled, "cancelled");
      if (last_error_) return *last_error_;
      const bool all_done = std::all_of(status_.begin(), status_.end(),
                                        [](const SourceStatus& s) { return s.state == SourceState::Finished; });
      if (all_done) return {};
    }
  }
  for (;;) {
    if (!run_round()) return aws::make_error(aws::ErrorKind::Cancelled, "cancelled");
    if (!clock_.sleep_ms(next_wait_ms())) return aws::make_error(aws::ErrorKind::Cancelled, "cancelled");
  }
}

}  // namespace opsdeck::app
