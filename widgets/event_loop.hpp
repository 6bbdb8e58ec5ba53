#pragma once
// The UI thread's loop. It sleeps in poll() on the watched fds (the terminal) and a wake
// fd (eventfd) until input arrives, another thread posts work, or the next timer is due.
// With nothing due it sleeps without a timeout: no wake-ups when nothing happens.
//
// Threads: post() may be called from ANY thread; it enqueues and always writes the wake
// fd. Everything else (timers, watch_fd, run) belongs to the UI thread, and every callback
// (posted tasks, timers, fd handlers, the render callback) runs on the UI thread.
// The loop owns its wake fd; watched fds stay owned by the caller.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "widgets/outcome.hpp"

namespace opsdeck::ui {

class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;
  using TimerId = std::uint64_t;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Any thread. The task runs on the UI thread; a posted task is assumed to change what is
  // shown, so a frame is drawn after a batch of tasks (flushes only draw changed cells).
  void post(std::function<void()> task);

  // UI thread. A timer first fires `interval` from now; repeating timers are rescheduled
  // from their due time (no drift) and skip missed periods instead of firing in a burst.
  TimerId add_timer(std::chrono::milliseconds interval, std::function<Outcome()> on_fire,
                    bool repeat = true);
  // A one-shot timer due at an absolute time (e.g. the next whole second for a clock).
  TimerId add_timer_at(Clock::time_point due, std::function<Outcome()> on_fire);
  void cancel_timer(TimerId id);

  // UI thread. Calls `on_ready` when `fd` is readable, and also after poll() was
  // interrupted by a signal (curses reports SIGWINCH as a key), so the handler must not
  // block (read with a zero timeout).
  void watch_fd(int fd, std::function<Outcome()> on_ready);

  // UI thread. Called after every batch of events whose combined outcome is at least
  // Redraw; `relayout` is true for Relayout.
  void set_render(std::function<void(bool relayout)> render) { render_ = std::move(render); }

  // Runs until a handler returns Quit or quit() is called. Draws one first frame.
  // While it runs, SIGTERM/SIGHUP/SIGINT/SIGQUIT are deferred to it when a terminal mode
  // is registered with TerminalRestore (the console): the loop then returns as if quit()
  // had been called, the caller ends the screen the normal way, and main() re-raises
  // TerminalRestore::pending_signal() for the conventional exit status.
  void run();
  // One poll() + dispatch; waits at most `max_wait` (nullopt: until something happens).
  // Returns the combined outcome. For tests and embedding.
  Outcome run_once(std::optional<std::chrono::milliseconds> max_wait = std::nullopt);
  void quit() { quit_ = true; }
  bool quitting() const { return quit_; }

  // Number of times poll() returned (wake-ups), for tests and the idle benchmark.
  std::uint64_t wakeups() const { return wakeups_; }
  // Milliseconds until the next timer, or -1 when none is pending (poll's timeout).
  int next_timeout_ms() const;

 private:
  struct Timer {
    TimerId id;
    Clock::time_point due;
    std::chrono::milliseconds interval;
    bool repeat;
    std::function<Outcome()> fire;
  };
  struct Watch {
    int fd;
    std::function<Outcome()> on_ready;
  };

  Outcome run_posted();
  Outcome run_timers();
  void drain_wake_fd();

  int wake_fd_ = -1;
  std::mutex mu_;
  std::vector<std::function<void()>> queue_;  // guarded by mu_
  std::vector<Timer> timers_;
  std::vector<Watch> watches_;
  std::function<void(bool)> render_;
  TimerId next_id_ = 1;
  std::uint64_t wakeups_ = 0;
  bool quit_ = false;
};

}  // namespace opsdeck::ui
