#pragma once
// Ctrl-C for headless commands: while an InterruptWatcher lives, SIGINT (and SIGTERM)
// cancel the given clock, so the running LogTail returns Cancelled and the command exits
// 130 after flushing what it printed. If the main thread is stuck in a request, the
// process exits 130 by itself after `grace`.
//
// Threads: the signal handler only writes to a pipe; a watcher thread reads it and calls
// SystemTailClock::cancel(). One watcher at a time per process.

#include <chrono>
#include <thread>

#include "app/logs/tail_clock.hpp"

namespace opsdeck::app {

class InterruptWatcher {
 public:
  explicit InterruptWatcher(SystemTailClock& clock, std::chrono::milliseconds grace = std::chrono::milliseconds(1500));
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

 private:
  void run();
  SystemTailClock& clock_;
  std::chrono::milliseconds grace_;
  int stop_fds_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace opsdeck::app
