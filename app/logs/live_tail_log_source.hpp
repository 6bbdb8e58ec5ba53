#pragma once
// LiveTailLogSource: a LogSource that runs a LiveFollow (StartLiveTail with polling as
// the fallback, live_follow.hpp) on its own worker thread. The console's Logs pane and
// full-screen log view use it.
//
// The LiveFollow lives as long as the source: start() after stop() resumes it — pollers
// keep their cursors, live sessions are opened again and the paused time is read from
// FilterLogEvents — so a paused follow delivers nothing twice. A resumed source keeps the
// sink it was first started with.
//
// Threads: start()/stop() on the UI thread; the sink is called on the worker thread.
// Ownership: the fetcher and starter must outlive the source (stop() joins the worker and
// closes the sessions).

#include <memory>
#include <string>
#include <thread>

#include "app/logs/live_follow.hpp"
#include "app/logs/log_event.hpp"
#include "app/logs/tail_clock.hpp"

namespace opsdeck::app {

class LiveTailLogSource final : public LogSource {
 public:
  // `starter` may be null: then everything is polled.
  LiveTailLogSource(LiveFollowOptions options, LogPageFetcher& fetcher, LiveTailStarter* starter);
  ~LiveTailLogSource() override;
  void start(LogSink& sink) override;
  void stop() override;
  std::string label() const override;

 private:
  LiveFollowOptions options_;
  LogPageFetcher& fetcher_;
  LiveTailStarter* starter_;
  SystemTailClock clock_;
  std::unique_ptr<LiveFollow> follow_;  // made by the first start(); used by the worker only
  LogSink* sink_ = nullptr;             // the first start()'s
  std::thread worker_;
};

}  // namespace opsdeck::app
