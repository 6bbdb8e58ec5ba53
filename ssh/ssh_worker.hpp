#pragma once
// The SSH worker thread: owns every SSH session and forward listener, waits in poll() on
// their sockets and on a wake pipe, and runs work posted from other threads.
//
// Everything registered with add() is touched only on the worker thread, so libssh2 (which
// is not thread-safe per session) never sees two threads. post() is safe from any thread;
// the task runs on the worker thread, in posting order. Destroying the worker stops the
// thread after the current iteration; pollables still registered are told to shut down
// (on the destroying thread, after the worker thread has been joined).

#include <poll.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {

using Clock = std::chrono::steady_clock;

// Something the worker drives. All methods run on the worker thread.
class Pollable {
 public:
  virtual ~Pollable() = default;
  // Appends the fds to wait on and may pull `deadline` earlier (timers, keepalives).
  virtual void fill_poll(std::vector<pollfd>& fds, Clock::time_point& deadline) = 0;
  // Makes all progress possible without blocking. Called after every wakeup (fd readiness,
  // a posted task, a deadline), so it simply tries its non-blocking operations again.
  virtual void step() = 0;
  // True when finished: the worker drops it.
  virtual bool done() const = 0;
  // The worker is going away: end everything, report to callers.
  virtual void shutdown() = 0;
};

class SshWorker {
 public:
  SshWorker();
  ~SshWorker();
  SshWorker(const SshWorker&) = delete;
  SshWorker& operator=(const SshWorker&) = delete;

  // Any thread. Runs `task` on the worker thread.
  void post(std::function<void()> task);
  // Worker thread only.
  void add(std::shared_ptr<Pollable> p);
  // Worker thread only: ask for another step() round without waiting in poll().
  void request_immediate_step() { immediate_ = true; }
  bool on_worker_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void run();
  void wake();

  UniqueFd wake_read_, wake_write_;
  std::mutex mu_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  bool immediate_ = false;
  std::vector<std::shared_ptr<Pollable>> pollables_;
  std::thread thread_;
};

}  // namespace opsdeck::ssh
