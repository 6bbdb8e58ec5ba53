// LiveFollow (StartLiveTail with polling as the fallback) against a scripted session
// starter and the scripted FilterLogEvents on a manual clock: gap reads around sessions,
// reconnects, fallbacks, modes and chunking; nothing lost, nothing repeated. And
// SwitchDedupe, which compares readers by content.
#include <gtest/gtest.h>

#include <set>

#include "app/logs/live_follow.hpp"
#include "app/logs/switch_dedupe.hpp"
#include "tests/support/scripted_log_fetcher.hpp"

namespace opsdeck::app {
namespace {

constexpr std::int64_t kT0 = 1'795'000'000'000;

// Sessions the engine opened; the test plays the service through their listener.
class ScriptedStarter : public LiveTailStarter {
 public:
  struct Open {
    LiveTailRequest request;
    std::uint64_t id;
    LiveTailListener* listener;
    bool* alive;
  };
  class Handle : public LiveTailSession {
   public:
    explicit Handle(bool* alive) : alive_(alive) {}
    ~Handle() override { *alive_ = false; }

   private:
    bool* alive_;
  };
  std::unique_ptr<LiveTailSession> start(const LiveTailRequest& r, std::uint64_t id, LiveTailListener& l) override {
    alive.push_back(std::make_unique<bool>(true));
    sessions.push_back({r, id, &l, alive.back().get()});
    return std::make_unique<Handle>(alive.back().get());
  }
  Open& last() { return sessions.back(); }
  bool open(std::size_t i) const { return *alive[i]; }

  std::vector<Open> sessions;
  std::vector<std::unique_ptr<bool>> alive;
};

aws::LiveTailEvent live_event(const std::string& group, const std::string& stream, std::int64_t ts,
                              const std::string& msg) {
  return {group, stream, msg, ts, ts};
}

std::multiset<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

struct Rig {
  ManualTailClock clock{kT0};
  ScriptedFetcher fetcher{clock};
  ScriptedStarter starter;
  RecordingSink sink;
  std::unique_ptr<LiveFollow> follow;

  void make(LiveFollowOptions o) {
    if (o.tail.groups.empty()) o.tail.groups = {"g"};
    if (o.tail.start_ms == 0) o.tail.start_ms = kT0 - 60'000;
    follow = std::make_unique<LiveFollow>(o, fetcher, &starter, clock, sink);
  }
  // Steps for `ms` of virtual time.
  bool run_for(std::int64_t ms) {
    const std::int64_t end = clock.now_ms() + ms;
    while (clock.now_ms() < end) {
      if (!follow->step()) return false;
      clock.advance(50);
    }
    return true;
  }
  std::string last_message() const { return sink.statuses.empty() ? "" : sink.statuses.back().message; }
};

TEST(SwitchDedupe, ADifferentReaderRepeatingAnEventIsDroppedButTwinEventsAreKept) {
  SwitchDedupe d;
  LogEvent a{"g", "s", kT0, 0, "", "same text"};
  EXPECT_TRUE(d.admit(1, a));
  EXPECT_TRUE(d.admit(1, a));   // the live session saw two real events with the same content
  EXPECT_FALSE(d.admit(2, a));  // the gap read returns both: both already shown
  EXPECT_FALSE(d.admit(2, a));
  EXPECT_TRUE(d.admit(2, a));   // a third copy only the gap read has is new
  EXPECT_FALSE(d.admit(3, a));  // and a poller after both repeats nothing
  LogEvent other_stream = a;
  other_stream.stream = "s2";
  EXPECT_TRUE(d.admit(2, other_stream));
  d.forget_before(kT0 + 1);
  EXPECT_EQ(d.size(), 0U);
  EXPECT_TRUE(d.admit(3, a));
}

TEST(LiveFollow, ReadsTheBacklogOnceTheSessionStartsThenShowsLiveEventsWithoutRepeats) {
  Rig r;
  r.fetcher.put("g", "s", kT0 - 30'000, "old");
  r.make({.settle_ms = 1000});
  ASSERT_TRUE(r.run_for(100));
  ASSERT_EQ(r.starter.sessions.size(), 1U);
  EXPECT_EQ(r.starter.last().request.groups, std::vector<std::string>{"g"});
  EXPECT_TRUE(r.sink.got.empty());  // nothing before sessionStart: the backlog read waits for it
  auto& s = r.starter.last();
  s.listener->on_started(s.id);
  r.fetcher.put("g", "s", kT0 + 100, "new");  // ingested after the start: live sees it
  s.listener->on_update(s.id, {live_event("g", "s", kT0 + 100, "new")}, false);
  ASSERT_TRUE(r.run_for(2000));  // includes the settle read, which finds "new" again
  EXPECT_EQ(r.sink.messages(), (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(r.last_message(), "live tail");
  EXPECT_EQ(r.follow->live_chunks(), 1);
}

TEST(LiveFollow, ReconnectsAfterTheSessionTimeoutAndReadsTheGapWithoutLossOrRepeats) {
  Rig r;
  r.make({.settle_ms = 1000});
  ASSERT_TRUE(r.run_for(100));
  auto s1 = r.starter.last();
  s1.listener->on_started(s1.id);
  r.fetcher.put("g", "s", r.clock.now_ms(), "a");
  s1.listener->on_update(s1.id, {live_event("g", "s", r.clock.now_ms(), "a")}, false);
  ASSERT_TRUE(r.run_for(1500));
  // The event in flight when the session times out never arrives live.
  r.fetcher.put("g", "s", r.clock.now_ms(), "in the gap");
  aws::Error timeout = aws::make_error(aws::ErrorKind::Aws, "Session timed out");
  timeout.code = "SessionTimeoutException";
  timeout.retryable = true;
  s1.listener->on_ended(s1.id, timeout);
  ASSERT_TRUE(r.run_for(100));
  ASSERT_EQ(r.starter.sessions.size(), 2U);  // at once, no backoff
  EXPECT_FALSE(r.starter.open(0));
  auto s2 = r.starter.last();
  s2.listener->on_started(s2.id);
  r.fetcher.put("g", "s", r.clock.now_ms(), "b");
  s2.listener->on_update(s2.id, {live_event("g", "s", r.clock.now_ms(), "b")}, false);
  ASSERT_TRUE(r.run_for(2000));
  EXPECT_EQ(as_set(r.sink.messages()), as_set({"a", "in the gap", "b"}));
  EXPECT_EQ(r.sink.got.size(), 3U);
}

TEST(LiveFollow, AutoFallsBackToPollingWhenLiveTailIsDeniedAndKeepsFollowing) {
  Rig r;
  r.fetcher.put("g", "s", kT0 - 1000, "backlog");
  r.make({});
  ASSERT_TRUE(r.run_for(100));
  auto s = r.starter.last();
  s.listener->on_ended(s.id, aws_error("AccessDeniedException", 400));
  ASSERT_TRUE(r.run_for(3000));
  EXPECT_EQ(r.follow->polled_chunks(), 1);
  EXPECT_EQ(r.starter.sessions.size(), 1U);
  bool noted = false;
  for (const auto& st : r.sink.statuses)
    noted |= st.message.find("polling (live tail unavailable") != std::string::npos &&
             st.message.find("AccessDeniedException") != std::string::npos;
  EXPECT_TRUE(noted);
  r.fetcher.put("g", "s", r.clock.now_ms(), "polled");
  ASSERT_TRUE(r.run_for(5000));
  EXPECT_EQ(r.sink.messages(), (std::vector<std::string>{"backlog", "polled"}));
}

TEST(LiveFollow, SwitchFromLiveToPollingOnLimitExceededRepeatsNothing) {
  Rig r;
  r.make({.settle_ms = 500});
  ASSERT_TRUE(r.run_for(100));
  auto s1 = r.starter.last();
  s1.listener->on_started(s1.id);
  for (int i = 0; i < 5; ++i) {
    r.fetcher.put("g", "s", r.clock.now_ms(), "live " + std::to_string(i));
    s1.listener->on_update(s1.id, {live_event("g", "s", r.clock.now_ms(), "live " + std::to_string(i))}, false);
    ASSERT_TRUE(r.run_for(1000));
  }
  r.fetcher.put("g", "s", r.clock.now_ms(), "lost live");
  s1.listener->on_ended(s1.id, aws::make_error(aws::ErrorKind::Network, "connection reset"));
  ASSERT_TRUE(r.run_for(100));
  auto s2 = r.starter.last();
  s2.listener->on_ended(s2.id, aws_error("LimitExceededException", 400));
  ASSERT_TRUE(r.run_for(3000));
  EXPECT_EQ(r.follow->polled_chunks(), 1);
  r.fetcher.put("g", "s", r.clock.now_ms(), "polled");
  ASSERT_TRUE(r.run_for(5000));
  EXPECT_EQ(as_set(r.sink.messages()),
            as_set({"live 0", "live 1", "live 2", "live 3", "live 4", "lost live", "polled"}));
  EXPECT_EQ(r.sink.got.size(), 7U);
}

TEST(LiveFollow, LiveModeReportsARefusalInsteadOfPolling) {
  Rig r;
  r.make({.mode = FollowMode::Live});
  ASSERT_TRUE(r.run_for(100));
  auto s = r.starter.last();
  s.listener->on_ended(s.id, aws_error("AccessDeniedException", 400));
  EXPECT_FALSE(r.follow->step());
  EXPECT_EQ(r.follow->polled_chunks(), 0);
  auto result = r.follow->run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "AccessDeniedException");
}

TEST(LiveFollow, PollModeNeverStartsASession) {
  Rig r;
  r.fetcher.put("g", "s", kT0 - 1000, "x");
  r.make({.mode = FollowMode::Poll});
  ASSERT_TRUE(r.run_for(3000));
  EXPECT_TRUE(r.starter.sessions.empty());
  EXPECT_EQ(r.sink.messages(), std::vector<std::string>{"x"});
}

TEST(LiveFollow, FailedStartsBackOffAndAutoPollsAfterTheLimit) {
  Rig r;
  r.make({.max_start_failures = 3});
  ASSERT_TRUE(r.run_for(100));
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(r.starter.sessions.size(), static_cast<std::size_t>(i + 1));
    auto s = r.starter.last();
    s.listener->on_ended(s.id, aws::make_error(aws::ErrorKind::Network, "connection refused"));
    ASSERT_TRUE(r.run_for(i < 2 ? 5000 : 100));
  }
  EXPECT_EQ(r.starter.sessions.size(), 3U);
  EXPECT_EQ(r.follow->polled_chunks(), 1);
}

TEST(LiveFollow, TenGroupsPerSessionUpToTheCapThenPolling) {
  Rig r;
  LiveFollowOptions o;
  for (int i = 0; i < 23; ++i) o.tail.groups.push_back("g" + std::to_string(i));
  o.max_sessions = 2;
  r.make(o);
  ASSERT_TRUE(r.run_for(100));
  ASSERT_EQ(r.starter.sessions.size(), 2U);
  EXPECT_EQ(r.starter.sessions[0].request.groups.size(), 10U);
  EXPECT_EQ(r.starter.sessions[1].request.groups.front(), "g10");
  EXPECT_EQ(r.follow->live_chunks(), 2);
  EXPECT_EQ(r.follow->polled_chunks(), 1);
}

TEST(LiveFollow, SamplingIsReportedToTheOperator) {
  Rig r;
  r.make({});
  ASSERT_TRUE(r.run_for(100));
  auto s = r.starter.last();
  s.listener->on_started(s.id);
  s.listener->on_update(s.id, {}, true);
  ASSERT_TRUE(r.run_for(100));
  EXPECT_NE(r.last_message().find("sampled by CloudWatch"), std::string::npos) << r.last_message();
  s.listener->on_update(s.id, {}, false);
  ASSERT_TRUE(r.run_for(100));
  EXPECT_EQ(r.last_message(), "live tail");
}

TEST(LiveFollow, StreamPrefixIsAppliedToLiveEventsOfSeveralGroups) {
  Rig r;
  LiveFollowOptions o;
  o.tail.groups = {"a", "b"};
  o.tail.stream_prefix = "web";
  r.make(o);
  ASSERT_TRUE(r.run_for(100));
  auto s = r.starter.last();
  EXPECT_TRUE(s.request.stream_prefix.empty());  // StartLiveTail takes prefixes for one group only
  s.listener->on_started(s.id);
  s.listener->on_update(s.id, {live_event("a", "web-1", kT0, "keep"), live_event("b", "db-1", kT0, "drop")}, false);
  ASSERT_TRUE(r.run_for(100));
  EXPECT_EQ(r.sink.messages(), std::vector<std::string>{"keep"});
}

}  // namespace
}  // namespace opsdeck::app
