#pragma once
// Time for the tail engine: "now" in epoch milliseconds and a cancellable sleep. Tests use
// a manual clock whose sleeps advance virtual time at once.
//
// Threads: sleep_ms() runs on the tail's worker thread; cancel() may be called from any
// thread and makes the current and every later sleep return false immediately.

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace opsdeck::app {

class TailClock {
 public:
  virtual ~TailClock() = default;
  virtual std::int64_t now_ms() = 0;
  // Sleeps `ms` (<= 0: no wait). Returns false when cancelled.
  virtual bool sleep_ms(std::int64_t ms) = 0;
};

class SystemTailClock final : public TailClock {
 public:
  std::int64_t now_ms() override;
  bool sleep_ms(std::int64_t ms) override;
  void cancel();
  bool cancelled();
  // Undoes cancel(), so a stopped worker can be started again; call it only while no
  // thread sleeps on this clock.
  void reset();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool cancelled_ = false;
};

class ManualTailClock final : public TailClock {
 public:
  explicit ManualTailClock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t now_ms() override { return now_; }
  bool sleep_ms(std::int64_t ms) override {
    if (ms > 0) now_ += ms;
    slept_ += ms > 0 ? ms : 0;
    return true;
  }
  void advance(std::int64_t ms) { now_ += ms; }
  std::int64_t slept() const { return slept_; }

 private:
  std::int64_t now_;
  std::int64_t slept_ = 0;
};

}  // namespace opsdeck::app
