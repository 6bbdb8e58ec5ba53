// Host-log sources: line splitting and a real local command through the same LogSource
// interface the SSH runner will use.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/logs/command_log_source.hpp"

namespace opsdeck::app {
namespace {

std::vector<std::string> split(std::initializer_list<std::string_view> chunks, std::size_t max = 1 << 20) {
  LineSplitter s(max);
  std::vector<std::string> out;
  auto add = [&](std::string_view l) { out.emplace_back(l); };
  for (auto c : chunks) s.feed(c, add);
  s.flush(add);
  return out;
}

TEST(LineSplitter, ChunksCrLfPartialAndOverlongLines) {
  EXPECT_EQ(split({"a\r\nb", "c\n", "\nlast"}), (std::vector<std::string>{"a", "bc", "", "last"}));
  EXPECT_EQ(split({"0123456789", "abc\nok\n"}, 8), (std::vector<std::string>{"01234567", "ok"}));
  EXPECT_EQ(split({"x\x1b[2J\n"}), (std::vector<std::string>{"x\x1b[2J"}));  // bytes kept; the view sanitises
}

struct WaitingSink : LogSink {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<LogEvent> events;
  std::vector<SourceStatus> statuses;
  void on_events(std::vector<LogEvent> ev) override {
    std::lock_guard l(mu);
    for (auto& e : ev) events.push_back(std::move(e));
    cv.notify_all();
  }
  void on_status(const SourceStatus& s) override {
    std::lock_guard l(mu);
    statuses.push_back(s);
    cv.notify_all();
  }
  bool wait_for_state(SourceState st) {
    std::unique_lock l(mu);
    return cv.wait_for(l, std::chrono::seconds(10), [&] {
      return !statuses.empty() && statuses.back().state == st;
    });
  }
};

TEST(CommandLogSource, LocalCommandLinesThenExitStatus) {
  LocalCommandRunner runner;
  CommandLogSource src(runner, "printf 'one\\r\\ntwo\\n'; printf 'err\\n' >&2; printf 'tail'", [] { return 42; });
  WaitingSink sink;
  src.start(sink);
  ASSERT_TRUE(sink.wait_for_state(SourceState::Finished));
  src.stop();
  std::vector<std::string> msgs;
  for (const auto& e : sink.events) msgs.push_back(e.message);
  EXPECT_EQ(msgs, (std::vector<std::string>{"one", "two", "err", "tail"}));
  EXPECT_EQ(sink.events[0].group, "localhost");
  EXPECT_EQ(sink.events[0].timestamp_ms, 42);
  EXPECT_EQ(src.label().rfind("localhost: printf", 0), 0U);
}

TEST(CommandLogSource, FailedCommandAndStopOfAFollowingCommand) {
  LocalCommandRunner runner;
  {
    CommandLogSource src(runner, "echo boom; exit 3");
    WaitingSink sink;
    src.start(sink);
    ASSERT_TRUE(sink.wait_for_state(SourceState::Failed));
    EXPECT_EQ(sink.statuses.back().message, "exit 3");
  }
  CommandLogSource follow(runner, "echo ready; exec sleep 30");
  WaitingSink sink;
  follow.start(sink);
  {
    std::unique_lock l(sink.mu);
    ASSERT_TRUE(sink.cv.wait_for(l, std::chrono::seconds(10), [&] { return !sink.events.empty(); }));
  }
  const auto t0 = std::chrono::steady_clock::now();
  follow.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(sink.events[0].message, "ready");
}

}  // namespace
}  // namespace opsdeck::app
