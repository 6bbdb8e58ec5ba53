#pragma once
// LiveFollow: follows CloudWatch log groups by push (StartLiveTail) where it can and by
// polling (LogTail over FilterLogEvents) where it cannot, delivering one deduplicated
// stream of LogEvents to a LogSink — the engine of `opsdeck logs --follow`, the console's
// Logs pane and its full-screen log view.
//
// Groups are split into chunks of ten (one StartLiveTail session each); the first
// `max_sessions` chunks are followed live, any further chunk is polled. Per live chunk:
//  - A session only sees events ingested after it started, so when its sessionStart
//    arrives the gap before it is read with FilterLogEvents (from --since for the first
//    session, from `overlap_ms` before the last update of the previous session after a
//    reconnect), and read once more `settle_ms` later for events the service had not made
//    searchable yet. Live events that arrive meanwhile wait and follow the gap's events.
//  - The session ends at the 3-hour timeout, when the server closes the stream, on a cut,
//    corrupt (bad CRC) or stalled stream: a new session starts at once (with backoff when
//    starts keep failing) and its gap is read as above.
//  - Auto mode falls back to polling (from `overlap_ms` before the last live update) when
//    the service refuses live tail: access denied, an endpoint without StartLiveTail
//    (404 / unknown operation, as moto answers), LimitExceeded (too many sessions), any
//    other error that a retry cannot fix, or `max_start_failures` failed starts in a row.
//    Live mode reports such a refusal as the run's error instead; poll mode never starts
//    a session.
// Readers overlap by time and SwitchDedupe (switch_dedupe.hpp) drops what another reader
// already delivered, so a switch loses nothing and repeats nothing.
//
// Status: each chunk reports a SourceStatus (source: its groups) whose message says how it
// is followed: "live tail", "live tail, sampled by CloudWatch (over 500 events/s)",
// "polling (live tail unavailable: ...)", or why it reconnects (state Backoff).
//
// Threads: run()/step() block and run on one thread (LiveTailLogSource's worker, or the
// headless command's main thread); the fetcher, clock, sink and starter are called there.
// Session listeners run on the client's IO thread and only queue what they hear. Cancel by
// cancelling the clock.

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/logs/live_tail_session.hpp"
#include "app/logs/log_event.hpp"
#include "app/logs/log_page_fetcher.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/switch_dedupe.hpp"
#include "app/logs/tail_clock.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

enum class FollowMode { Auto, Live, Poll };
const char* to_string(FollowMode m);
std::optional<FollowMode> parse_follow_mode(std::string_view text);

struct LiveFollowOptions {
  TailOptions tail{};                    // groups, streams, filter, --since, polling pacing
  FollowMode mode = FollowMode::Auto;
  int max_sessions = 5;                  // live sessions at most; further groups are polled
  int max_start_failures = 3;            // auto: failed starts in a row before polling
  std::int64_t settle_ms = 5'000;        // second read of a gap, after the session started
  std::int64_t reconnect_base_ms = 500;  // backoff between failed starts
  std::int64_t reconnect_cap_ms = 30'000;
  std::int64_t gap_deadline_ms = 45'000;  // a gap read's page deadline (LogTail)
  std::int64_t tick_ms = 50;              // how often queued session events are looked at
};

class LiveFollow {
 public:
  // `starter` may be null (everything is polled, as in poll mode).
  LiveFollow(LiveFollowOptions options, LogPageFetcher& fetcher, LiveTailStarter* starter, TailClock& clock,
             LogSink& sink);
  ~LiveFollow();
  LiveFollow(const LiveFollow&) = delete;
  LiveFollow& operator=(const LiveFollow&) = delete;

  // Steps until cancelled (returns Cancelled) or, in live mode, until the service refuses
  // live tail (returns that error).
  aws::Result<void> run();
  // One pass: what the sessions sent, due gap reads, reconnects and polls. False when
  // cancelled or failed (see run()).
  bool step();
  // Ends every session (no listener call after it returns). run() does it on exit.
  void close();

  // For tests and the console: how many chunks are live / polled right now.
  int live_chunks() const;
  int polled_chunks() const;
  std::uint64_t sessions_started() const { return sessions_started_; }

 private:
  struct Chunk;
  struct Inbox;
  class ReaderSink;

  void open_session(Chunk& c);
  void on_started(Chunk& c);
  void on_update(Chunk& c, std::uint32_t reader, std::vector<aws::LiveTailEvent> events, bool sampled);
  void on_ended(Chunk& c, aws::Result<void> why);
  void to_polling(Chunk& c, std::int64_t from_ms, std::string why);
  bool read_gap(Chunk& c, std::int64_t from_ms);
  void deliver(std::uint32_t reader, std::vector<LogEvent> events);
  void set_status(Chunk& c, SourceState state, std::string message);
  std::int64_t backoff_ms(int failures);

  LiveFollowOptions opt_;
  LogPageFetcher& fetcher_;
  LiveTailStarter* starter_;
  TailClock& clock_;
  LogSink& sink_;
  std::unique_ptr<Inbox> inbox_;
  std::vector<std::unique_ptr<Chunk>> chunks_;
  SwitchDedupe dedupe_;
  std::uint32_t next_reader_ = 1;
  std::uint64_t sessions_started_ = 0;
  std::optional<aws::Error> failed_;
  bool cancelled_ = false;
  std::minstd_rand rng_{4242};
};

}  // namespace opsdeck::app
