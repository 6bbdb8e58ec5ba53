#pragma once
// LogTail: follows CloudWatch log groups exactly once by polling FilterLogEvents.
//
// Every round fetches each group from its cursor and follows nextToken at once until the
// last page. The next query window starts `overlap_ms` before now (never after the newest
// event seen, never earlier than the last window), so events that reach CloudWatch late
// are still found; an id set per group (bounded: ids older than the window are dropped)
// removes what overlapping windows return twice. New events of all groups are merged by
// timestamp (stable, so each stream keeps its order) and handed to the sink once per round
// (once per page when following a single group).
//
// Pacing: one RateBudget for all groups; rounds come every `min_interval_ms` while events
// flow and relax toward `max_interval_ms` when quiet.
//
// Retries: LogTail is the one retry layer for FilterLogEvents. A fetch is one attempt (the
// real fetcher sends it with max_attempts = 1, so AwsClient does not retry it); throttling,
// 5xx, timeouts and network errors are retried here, at most `max_attempts` requests per
// page in a round, with capped exponential backoff and jitter, so one failing page costs
// exactly `max_attempts` requests. LogTail owns them rather than the client because it
// holds what a retry needs: the cursor (window and nextToken, kept, so the tail resumes
// where it was and dedupe absorbs any replay), the rate budget shared by all groups (which
// slows down on throttling), the status reported between attempts ("retrying: ..."), and
// the page deadline. When a page still fails, a follower keeps its cursor and tries again
// on its next round, after a backoff that grows with the group's consecutive failures; a
// range read (no follow) fails with that error. An expired/invalid nextToken restarts that
// window.
//
// Deadline: with `page_deadline_ms`, a page and all its attempts must arrive within that
// time; each attempt's timeout is cut to what is left, and no attempt starts after it.
// That bounds a read against an endpoint that never answers (or trickles a body forever),
// while a read that keeps receiving pages is never cut short.
//
// Threads: run()/run_round() block and run on one worker thread (PollingLogSource's, or
// the headless command's main thread); the fetcher, clock and sink are called there.
// Cancel by cancelling the clock (its sleeps then return false).

#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/logs/log_event.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/logs/rate_budget.hpp"
#include "app/logs/tail_clock.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct TailOptions {
  std::vector<std::string> groups{};
  std::vector<std::string> stream_names{};  // chosen streams (one group only), or
  std::string stream_prefix{};              // streams starting with this
  std::string filter_pattern{};             // CloudWatch filter pattern
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms{};     // a range; implies no follow
  bool follow = false;
  std::int64_t min_interval_ms = 500;
  std::int64_t max_interval_ms = 2000;
  std::int64_t overlap_ms = 15'000;       // how late an event may arrive and still be shown
  double requests_per_second = 4.0;       // shared by all groups
  double burst = 4.0;
  int max_attempts = 8;                   // requests per page in a round (the only retries)
  std::int64_t page_deadline_ms = 0;      // a page with all its attempts (0: unbounded)
  std::int64_t backoff_base_ms = 200;
  std::int64_t backoff_cap_ms = 8000;
  std::size_t max_seen_ids = 200'000;     // per group
  int page_limit = 0;                     // FilterLogEvents limit (0: service default)
};

class LogTail {
 public:
  LogTail(TailOptions options, LogPageFetcher& fetcher, TailClock& clock, LogSink& sink);

  // Follow mode: rounds until cancelled (returns Cancelled). Otherwise: one round over the
  // range, then returns; a group that fails for good fails the run.
  aws::Result<void> run();
  // One round over all groups. Returns false when cancelled.
  bool run_round();

  const std::vector<SourceStatus>& statuses() const { return status_; }
  // The first non-retryable (or retries exhausted) error of the last round, if any.
  const std::optional<aws::Error>& last_error() const { return last_error_; }
  std::int64_t current_interval_ms() const { return interval_ms_; }
  // What a follower waits before its next round: the interval, or longer while a group's
  // pages keep failing (backoff on the group's consecutive failed rounds).
  std::int64_t next_wait_ms();

 private:
  struct Cursor {
    std::int64_t window_start = 0;
    std::int64_t query_start = 0;
    std::string token;
    bool has_events = false;
    std::int64_t high_water = 0;
    std::set<std::pair<std::int64_t, std::string>> seen;
    int failures = 0;         // consecutive failed attempts, for backoff
    int failed_rounds = 0;    // consecutive rounds that ended on an error
  };

  // Pages one group to its last page; appends new events to `out`. Returns false when cancelled.
  bool poll_group(std::size_t i, std::vector<LogEvent>& out, bool emit_each_page);
  aws::Result<FilterPage> fetch_with_retries(std::size_t i, const FilterRequest& req, bool& cancelled);
  void accept(std::size_t i, std::vector<LogEvent>& events, std::vector<LogEvent>& out);
  void advance_window(std::size_t i);
  std::int64_t backoff_ms(int failures);
  void set_state(std::size_t i, SourceState s, std::string message);

  TailOptions opt_;
  LogPageFetcher& fetcher_;
  TailClock& clock_;
  LogSink& sink_;
  RateBudget budget_;
  std::vector<Cursor> cursors_;
  std::vector<SourceStatus> status_;
  std::optional<aws::Error> last_error_;
  std::int64_t interval_ms_;
  std::size_t new_in_round_ = 0;
  std::minstd_rand rng_{12345};
};

// Throttling, 5xx, timeouts and network failures.
bool is_retryable(const aws::Error& e);
bool is_throttling(const aws::Error& e);

}  // namespace opsdeck::app
