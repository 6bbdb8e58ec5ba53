#pragma once
// LiveConsole: feeds the ConsoleView's four panes from AWS and keeps them fresh.
//  - Instances, Databases and Alarms read their resource lists (app/resources/: the same
//    reads and rows as `opsdeck instances|databases|alarms`) on their own timers (config
//    "refresh"; default 10 s, alarms 30 s); a pane hidden behind a zoomed one does not poll; no request
//    starts while the pane's previous one is in flight; throttling backs off.
//  - Logs: a LiveFollow (LiveTailLogSource on its worker thread: StartLiveTail, polling
//    where live tail is refused) of the selected instance's log group from config
//    "log_groups", else the environment's LOG_GROUP var, else the first log group of the
//    account; the pane's title says "live", "live, sampled" or "polling". The follow
//    deduplicates; its batches go into one store
//    (LiveLogs), which is the Logs pane's source and what the full-screen view (`L`) shows.
//    While the pane is hidden the tail pauses and later resumes where it stopped.
//  - Header: account id (STS GetCallerIdentity, remembered by the Session for the guards
//    and audit records of everything else in it) and a spinner while requests are in flight.
//  - Errors go to the status line with their AWS error code; panes keep their last rows and
//    their titles show the data's age once it is stale.
//
// Threads: constructed, used and destroyed on the UI thread. AwsClient callbacks run on
// the client's IO thread and only post() to the EventLoop; the log sink runs on the log
// worker and only post()s. Ownership: shares the Session (session.hpp) whose client it
// calls through; the loop and view must outlive this object, and shutdown() and the
// destructor stop the log worker and the session's client (which cancels outstanding
// calls) before returning, so nothing posts afterwards into freed state.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/log_screen.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/console/sources/live_logs.hpp"
#include "app/console/sources/refresh_state.hpp"
#include "app/console/sources/resource_rows.hpp"
#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/cloudwatch_live_tail.hpp"
#include "app/logs/live_tail_log_source.hpp"
#include "app/session.hpp"
#include "aws/aws_client.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

class LiveConsole {
 public:
  LiveConsole(ConsoleView& view, ui::EventLoop& loop, std::shared_ptr<Session> session,
              ConsoleSettings settings, std::string default_log_group);
  ~LiveConsole();
  LiveConsole(const LiveConsole&) = delete;
  LiveConsole& operator=(const LiveConsole&) = delete;

  // Starts the first round of requests and the refresh timers.
  void start();
  // Stops everything (log worker, timers, the client and its outstanding calls) but keeps
  // the object alive, so tasks it already posted to the loop still find it; they then do
  // nothing visible. Used when the console switches region or profile. Idempotent.
  void shutdown();
  bool running() const { return client_ != nullptr; }
  // Called before each frame: header spinner/in-flight count, pane notes (staleness),
  // pane visibility (zoom) and the log group following the selected instance.
  void before_render();
  int spinner_frame() const { return spinner_; }

  // Refreshes one pane now (after an action), unless a request is in flight.
  void refresh(int pane);
  aws::AwsClient& client() { return *client_; }
  const std::shared_ptr<Session>& session() const { return session_; }
  // "" until GetCallerIdentity has answered. Any thread.
  std::string caller_arn() const { return session_->caller_arn_if_known(); }
  // The resource of a polled pane's row (Instances, Databases, Alarms), or nullptr.
  const Resource* resource(int pane, const std::string& key) const;
  // Every resource of a polled pane, as last refreshed (valid until the pane's next refresh).
  std::vector<const Resource*> resources(int pane) const;
  // The raw document of a row (for the detail view; the Logs pane's event), or nullptr.
  const nlohmann::json* document(int pane, const std::string& key) const;
  // The Logs pane's store (every event of the followed group held, and how many were ever
  // added: store().end_seq()), for the scale benchmark and tests.
  const LiveLogs& logs() const { return *logs_; }
  // Makes the Logs pane follow `group` (":logs GROUP", or the selected instance's group).
  void follow_logs(const std::string& group);
  // Pushes the full-screen log view (LogScreen) over the panes: it shows the log store
  // (every line held, not only the pane's rows) and follows it while open (`L`, Enter on
  // the zoomed pane).
  ui::Outcome open_log_screen();

 private:
  class Sink;
  struct Answer;
  bool visible(int pane) const;
  void poll(int pane);
  void fetch(int pane);
  void apply(int pane, Answer answer);
  void fail(int pane, const aws::Error& e);
  // What an empty polled pane says once its list answered: "no databases in eu-west-1".
  std::string empty_text(int pane) const;
  void schedule_spinner();
  void sync_logs();
  void on_log_events(std::uint64_t generation, std::vector<LogEvent> events);

  ConsoleView& view_;
  ui::EventLoop& loop_;
  std::shared_ptr<Session> session_;
  std::shared_ptr<aws::AwsClient> client_;  // the session's; null once shut down
  ConsoleSettings settings_;
  std::string default_log_group_;
  std::vector<std::shared_ptr<ui::VectorTableSource>> sources_;
  std::vector<RefreshState> refresh_;
  std::vector<std::map<std::string, Resource>> resources_;  // per pane: row key -> resource
  // Lightsail and ElastiCache once they failed: not asked again by this console (any thread).
  std::shared_ptr<OptionalSources> optional_;
  int spinner_ = 0;
  bool spinner_scheduled_ = false;
  std::vector<ui::EventLoop::TimerId> timers_;

  // Logs pane.
  std::unique_ptr<CloudWatchPageFetcher> fetcher_;
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<CloudWatchLiveTail> live_tail_;
  std::unique_ptr<LiveTailLogSource> log_source_;
  std::string log_mode_;  // how the group is followed ("live", "polling"), for the pane title
  std::string log_group_;  // followed (or wanted) group
  bool logs_running_ = false;
  std::uint64_t log_generation_ = 0;
  std::shared_ptr<LiveLogs> logs_;  // the one store of the group's events; the Logs pane's source
  mutable nlohmann::json log_document_;  // what document() last returned for the Logs pane
  std::weak_ptr<LogScreen> log_screen_;  // while on the screen stack
  std::string last_selected_instance_;
};

}  // namespace opsdeck::app
