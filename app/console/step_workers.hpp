#pragma once
// Worker threads for console work that blocks (a runbook step, a deploy): each job runs
// on its own std::thread and gets a cancel flag; the UI thread is never blocked. Jobs
// report back only by EventLoop::post. The destructor sets every cancel flag and joins,
// so its owner must be destroyed BEFORE the EventLoop the jobs post to (LiveParts is).
//
// Threads: start() and the destructor on the UI thread; the job on its worker thread.
// Ownership: owns the threads; a job must own (or share) everything it touches.

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace opsdeck::app {

class StepWorkers {
 public:
  using Job = std::function<void(const std::atomic<bool>& cancel)>;
  StepWorkers() = default;
  StepWorkers(const StepWorkers&) = delete;
  StepWorkers& operator=(const StepWorkers&) = delete;
  ~StepWorkers();

  // Starts `job` on a new thread; returns its cancel flag (set it to stop the job).
  std::shared_ptr<std::atomic<bool>> start(Job job);
  // Number of jobs still running (any thread).
  int running() const { return running_.load(); }

 private:
  struct Worker {
    std::shared_ptr<std::atomic<bool>> cancel;
    std::shared_ptr<std::atomic<bool>> finished;
    std::thread thread;
  };
  void reap();  // joins finished workers (UI thread)

  std::list<Worker> workers_;
  std::atomic<int> running_{0};
};

}  // namespace opsdeck::app
