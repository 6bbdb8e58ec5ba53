#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "widgets/event_loop.hpp"

using namespace opsdeck::ui;
using namespace std::chrono_literals;

TEST(EventLoop, PostFromAnotherThreadWakesThePollAtOnce) {
  EventLoop loop;
  int ran = 0;
  std::thread worker([&] {
    std::this_thread::sleep_for(20ms);
    loop.post([&] { ++ran; });
  });
  // No timers: run_once would sleep forever without the wake fd; cap at 5 s for safety.
  auto start = std::chrono::steady_clock::now();
  Outcome o = loop.run_once(5000ms);
  worker.join();
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(o, Outcome::Redraw);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4000ms);
  EXPECT_EQ(loop.wakeups(), 1u);
}

TEST(EventLoop, NoTimersMeansNoTimeout) {
  EventLoop loop;
  EXPECT_EQ(loop.next_timeout_ms(), -1);
  auto id = loop.add_timer(10s, [] { return Outcome::Handled; });
  EXPECT_GT(loop.next_timeout_ms(), 9000);
  loop.cancel_timer(id);
  EXPECT_EQ(loop.next_timeout_ms(), -1);
}

TEST(EventLoop, TimersFireWithoutBusyWaiting) {
  EventLoop loop;
  int fired = 0;
  loop.add_timer(30ms, [&] {
    ++fired;
    return fired == 3 ? Outcome::Quit : Outcome::Redraw;
  });
  int frames = 0;
  loop.set_render([&](bool) { ++frames; });
  loop.run();
  EXPECT_EQ(fired, 3);
  // One wake-up per timer expiry (a spurious early return at most once per period).
  EXPECT_LE(loop.wakeups(), 6u);
  EXPECT_GE(frames, 3);  // first frame + one per redraw before the quit
}

TEST(EventLoop, PostedTasksAllRunAndEveryPostWritesTheWakeFd) {
  EventLoop loop;
  std::atomic<int> ran{0};
  std::thread a([&] { for (int i = 0; i < 500; ++i) loop.post([&] { ++ran; }); });
  std::thread b([&] { for (int i = 0; i < 500; ++i) loop.post([&] { ++ran; }); });
  a.join();
  b.join();
  while (ran < 1000) loop.run_once(1000ms);
  EXPECT_EQ(ran.load(), 1000);
  // The counter was drained: nothing is left to wake us.
  EXPECT_EQ(loop.run_once(50ms), Outcome::Ignored);
}

TEST(EventLoop, WatchedFdReportsReadiness) {
  EventLoop loop;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string got;
  loop.watch_fd(fds[0], [&] {
    char buf[16];
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n > 0) got.append(buf, static_cast<std::size_t>(n));
    return got == "q" ? Outcome::Quit : Outcome::Handled;
  });
  ASSERT_EQ(::write(fds[1], "q", 1), 1);
  EXPECT_EQ(loop.run_once(1000ms), Outcome::Quit);
  EXPECT_TRUE(loop.quitting());
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(EventLoop, OneShotTimerAtAbsoluteTime) {
  EventLoop loop;
  bool fired = false;
  loop.add_timer_at(EventLoop::Clock::now() + 20ms, [&] {
    fired = true;
    return Outcome::Redraw;
  });
  EXPECT_EQ(loop.run_once(2000ms), Outcome::Redraw);
  EXPECT_TRUE(fired);
  EXPECT_EQ(loop.next_timeout_ms(), -1);
}
