#pragma once
// PollingLogSource: a LogSource that runs a LogTail (CloudWatch FilterLogEvents polling)
// on its own worker thread. The TUI's Logs pane and full-screen view use it; the headless
// command runs LogTail on its main thread instead.
//
// The LogTail lives as long as the source: start() after stop() resumes it with its
// cursors and id sets, so a paused follow (the Logs pane hidden) delivers nothing twice
// and nothing downstream has to deduplicate again. A resumed source keeps the sink it was
// first started with.
//
// Threads: start()/stop() on the UI thread; the sink is called on the worker thread.
// Ownership: the fetcher must outlive the source (stop() joins the worker).

#include <memory>
#include <string>
#include <thread>

#include "app/logs/log_event.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/tail_clock.hpp"

namespace opsdeck::app {

class PollingLogSource final : public LogSource {
 public:
  PollingLogSource(TailOptions options, LogPageFetcher& fetcher);
  ~PollingLogSource() override;
  void start(LogSink& sink) override;
  void stop() override;
  std::string label() const override;

 private:
  TailOptions options_;
  LogPageFetcher& fetcher_;
  SystemTailClock clock_;
  std::unique_ptr<LogTail> tail_;  // made by the first start(); used by the worker only
  LogSink* sink_ = nullptr;        // the first start()'s
  std::thread worker_;
};

}  // namespace opsdeck::app
