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
// flow and relax toward `max_interval_ms` when quiet. Throttling, 5xx, timeouts and network
// errors are retried with capped exponential backoff and jitter; the cursor (window and
// nextToken) is kept, so the tail resumes where it was and dedupe absorbs any replay.
// An expired/invalid nextToken restarts that window.
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
  std::int64_t max_interval_ms = 4000;
  std::int64_t overlap_ms = 15'000;       // how late an event may arrive and still be shown
  double requests_per_second = 4.0;       // shared by all groups
  double burst = 4.0;
  int max_attempts = 8;                   // per request, before the round gives up on a group
  std::int64_t backoff_base_ms = 200;
  std::int64_t backoff_cap_ms = 8000;
  std::size_t max_seen_ids = 200'000;     // per group
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

 private:
  struct Cursor {
    std::int64_t window_start = 0;
    std::int64_t query_start = 0;
    std::string token;
    bool has_events = false;
    std::int64_t high_water = 0;
    std::set<std::pair<std::int64_t, std::string>> seen;
    int failures = 0;  // consecutive, for backoff
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
