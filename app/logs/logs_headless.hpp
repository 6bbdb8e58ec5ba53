#pragma once
// The engine of `opsdeck logs GROUP... [--follow [--mode auto|live|poll]] [--since S]
// [--until S] [--filter P] [--stream PREFIX] [--output text|json]`, separated from CLI parsing and from how the
// fetcher is built, so tests drive it with a scripted fetcher and a manual clock.
//
// Runs on the calling (main) thread; writes events to `out` as each batch arrives
// (flushed per batch when following) and errors to `err`. Returns the exit code:
// 0, 130 when cancelled (Ctrl-C cancels the clock), or exit_code_for(error).

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "app/logs/live_follow.hpp"
#include "app/logs/live_tail_session.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/logs/tail_clock.hpp"

namespace opsdeck::app {

inline constexpr std::int64_t kRangePageDeadlineMs = 45'000;

struct LogsCommandOptions {
  std::vector<std::string> groups;
  bool follow = false;
  std::string since = "10m";  // like `aws logs tail`; "now" starts at the present
  std::string until;          // a range end ("" = open)
  std::string filter;
  std::string stream_prefix;
  std::vector<std::string> streams;
  std::string output = "text";
  // How --follow follows (live_follow.hpp): auto (StartLiveTail, polling where it is
  // refused), live (StartLiveTail only; a refusal is the command's error) or poll
  // (FilterLogEvents only, never StartLiveTail).
  FollowMode mode = FollowMode::Auto;
  int live_sessions = 5;  // live sessions at most (10 groups each); further groups are polled
  // Without --follow, a range that is dense after its first page is read as this many
  // concurrent time slices (sliced_range_read.hpp); 1 reads it with one LogTail on the
  // calling thread.
  int slices = 1;
  // Without --follow: every page, with all its attempts, must arrive within this time, or
  // the read fails with the last error. The default is the client's request timeout (30 s,
  // aws::ClientOptions) plus 15 s for a shorter second attempt, so an endpoint that stalls
  // or trickles a body forever ends the command in about 45 s. A read that keeps
  // receiving pages is never cut short. 0: unbounded.
  std::int64_t page_deadline_ms = kRangePageDeadlineMs;
};

// `live` opens StartLiveTail sessions for --follow (null: no live tail where the logs come
// from; auto mode then polls and live mode is refused).
int run_logs(const LogsCommandOptions& options, LogPageFetcher& fetcher, TailClock& clock,
             std::FILE* out, std::FILE* err, LiveTailStarter* live = nullptr);

}  // namespace opsdeck::app
