#include "app/console/live_console.hpp"

#include <algorithm>

#include "app/console/status_message.hpp"
#include "app/identify_caller.hpp"
#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"
#include "aws/logs.hpp"

namespace opsdeck::app {

namespace {

using Steady = RefreshState::Clock;

// The resource list each polled pane shows.
const ResourceList& list_of(int pane) {
  if (pane == kDatabasesPane) return database_list();
  if (pane == kAlarmsPane) return alarm_list();
  return instance_list();
}

}  // namespace

// An answer made ready for its pane on the thread that received it (pane_rows is pure), so
// the UI thread only swaps it in: a 10,000-row answer costs the UI thread no row building.
struct LiveConsole::Answer {
  PaneRows rows;
  std::map<std::string, ResourceType> kinds;
  std::map<std::string, Resource> by_key;

  Answer(const ResourceList& list, Snapshot snapshot)
      : rows(pane_rows(list, snapshot, std::chrono::system_clock::now())), kinds(rows.kind_map()) {
    for (std::size_t i = 0; i < snapshot.resources.size(); ++i)
      by_key.insert_or_assign(rows.keys[i], std::move(snapshot.resources[i]));
  }
};

// Runs on the log worker thread; only posts to the UI thread.
class LiveConsole::Sink final : public LogSink {
 public:
  Sink(LiveConsole& owner, std::uint64_t generation) : owner_(owner), generation_(generation) {}
  void on_events(std::vector<LogEvent> events) override {
    LiveConsole* o = &owner_;
    std::uint64_t g = generation_;
    owner_.loop_.post(
        [o, g, ev = std::move(events)]() mutable { o->on_log_events(g, std::move(ev)); });
  }
  void on_status(const SourceStatus& status) override {
    LiveConsole* o = &owner_;
    std::uint64_t g = generation_;
    if (status.state == SourceState::Following) {
      std::string mode = status.message.rfind("live tail, sampled", 0) == 0 ? "live, sampled"
                         : status.message.rfind("live tail", 0) == 0        ? "live"
                         : status.message.rfind("polling", 0) == 0          ? "polling"
                                                                            : "";
      if (mode.empty()) return;
      const bool sampled = mode == "live, sampled";
      std::string text = "logs " + status.source + ": " + status.message;
      owner_.loop_.post([o, g, mode, sampled, text] {
        if (g != o->log_generation_) return;
        o->log_mode_ = mode;
        if (sampled) o->view_.status().show(ui::Severity::Warn, text);
      });
      return;
    }
    if (status.state != SourceState::Failed && status.state != SourceState::Backoff) return;
    std::string text = "logs " + status.source + ": " + status.message;
    // The pane itself says why it is empty: a missing group or a refusal is not "waiting".
    std::string pane = status.source + ": " + status.message +
                       (status.state == SourceState::Failed ? " — :logs GROUP follows another group"
                                                            : " (retrying)");
    owner_.loop_.post([o, g, text, pane] {
      if (g != o->log_generation_) return;
      o->view_.status().show(ui::Severity::Warn, text);
      o->view_.pane(kLogsPane).table().set_empty_text(pane);
    });
  }

 private:
  LiveConsole& owner_;
  std::uint64_t generation_;
};

LiveConsole::LiveConsole(ConsoleView& view, ui::EventLoop& loop,
                         std::shared_ptr<Session> session, ConsoleSettings settings,
                         std::string default_log_group)
    : view_(view),
      loop_(loop),
      session_(std::move(session)),
      client_(session_->shared_client()),
      settings_(std::move(settings)),
      default_log_group_(std::move(default_log_group)),
      refresh_{RefreshState(settings_.instances), RefreshState(settings_.databases),
               RefreshState(settings_.alarms), RefreshState(settings_.logs_poll)},
      resources_(kPaneCount),
      optional_(std::make_shared<OptionalSources>()) {
  for (int i = 0; i < kPaneCount; ++i) {
    if (i == kLogsPane) {
      sources_.push_back(nullptr);  // the Logs pane reads the log store
      continue;
    }
    auto src = std::make_shared<ui::VectorTableSource>(list_of(i).pane_columns());
    sources_.push_back(src);
    view_.pane(i).set_source(src);
  }
  logs_ = std::make_shared<LiveLogs>();
  view_.pane(kLogsPane).set_source(logs_);
  view_.pane(kLogsPane).table().set_empty_text("waiting for log events");
  fetcher_ = std::make_unique<CloudWatchPageFetcher>(aws::sync_caller(*client_), client_->options().request_timeout);
  // Called on the log worker (it may wait for one STS call there, never on this thread).
  live_tail_ = std::make_unique<CloudWatchLiveTail>(*client_, [s = session_] { return s->caller_arn(); });
}

LiveConsole::~LiveConsole() { shutdown(); }

void LiveConsole::shutdown() {
  if (log_source_) log_source_->stop();
  log_source_.reset();
  logs_running_ = false;
  for (auto id : timers_) loop_.cancel_timer(id);
  timers_.clear();
  // Stopped before it is cleared: callbacks still running on the IO thread reach the client
  // through client_ (chained calls), so it must stay set until they are over.
  if (client_) client_->stop();
  client_.reset();
}

void LiveConsole::start() {
  // The header's account: from the credentials when they say (an assumed role, an SSO
  // account), else one GetCallerIdentity; the session remembers the ARN.
  identify_caller(session_, aws::async_caller(*client_), [this](aws::CallerIdentity id) {  // IO thread
    if (id.account.empty()) return;
    loop_.post([this, acct = std::move(id.account)] {
      if (client_) view_.header().account = acct;
    });
  });
  for (int p : {kInstancesPane, kDatabasesPane, kAlarmsPane}) {
    poll(p);
    timers_.push_back(loop_.add_timer(refresh_[static_cast<std::size_t>(p)].interval(), [this, p] {
      bool was = refresh_[static_cast<std::size_t>(p)].in_flight();
      poll(p);
      // Redraw when a request started (spinner) or to age the "stale" note.
      return was != refresh_[static_cast<std::size_t>(p)].in_flight() ||
                     refresh_[static_cast<std::size_t>(p)].last_error()
                 ? ui::Outcome::Redraw
                 : ui::Outcome::Handled;
    }));
  }
  if (!default_log_group_.empty()) {
    follow_logs(default_log_group_);
  } else {
    client_->call(aws::describe_log_groups_request(),
                  [this](aws::Result<aws::HttpResponse> r) {  // IO thread
                    if (!r) return;
                    std::string token;
                    auto groups = aws::parse_describe_log_groups(r->body, &token);
                    if (!groups) return;
                    if (groups->empty()) {
                      return loop_.post([this] {
                        if (client_ && log_group_.empty())
                          view_.pane(kLogsPane).table().set_empty_text(
                              "no log groups in " + session_->region() + " — :logs GROUP follows one");
                      });
                    }
                    loop_.post([this, g = groups->front().name] {
                      if (log_group_.empty()) follow_logs(g);
                    });
                  });
  }
  schedule_spinner();
}

bool LiveConsole::visible(int pane) const {
  // Panes under a screen do not poll; the log tail keeps running (screens may show it).
  if (pane != kLogsPane && view_.top_screen()) return false;
  return view_.zoomed() < 0 || view_.zoomed() == pane;
}

void LiveConsole::refresh(int pane) { poll(pane); }

void LiveConsole::poll(int pane) {
  if (pane == kLogsPane || !client_) return;
  RefreshState& st = refresh_[static_cast<std::size_t>(pane)];
  if (!st.due(Steady::now(), visible(pane))) return;
  st.started(Steady::now());
  fetch(pane);
  schedule_spinner();
}

void LiveConsole::fetch(int pane) {
  FetchOptions options;
  options.optional = optional_;
  options.alarm_series = pane == kAlarmsPane;
  options.agent_status = pane == kInstancesPane;  // the SSM column: how `s` will connect
  const ResourceList& list = list_of(pane);
  list.fetch(aws::async_caller(*client_), options, [this, pane, &list](aws::Result<Snapshot> r) {
    // IO thread: makes the rows (touching nothing of the console's) and posts them.
    if (!r) return loop_.post([this, pane, e = r.error()] { fail(pane, e); });
    auto answer = std::make_shared<Answer>(list, std::move(*r));
    loop_.post([this, pane, answer = std::move(answer)] { apply(pane, std::move(*answer)); });
  });
}

void LiveConsole::apply(int pane, Answer answer) {
  // Shut down: a late answer for the old region or profile. The Logs pane reads LiveLogs.
  if (!client_ || pane == kLogsPane) return;
  PaneRows& rows = answer.rows;
  view_.pane(pane).set_kinds(std::move(answer.kinds));
  resources_[static_cast<std::size_t>(pane)] = std::move(answer.by_key);
  if (pane == kAlarmsPane) view_.palette().set_argument_values("alarm", rows.keys);  // :alarm completion
  view_.pane(pane).table().set_empty_text(empty_text(pane));
  sources_[static_cast<std::size_t>(pane)]->set_rows(std::move(rows.rows), std::move(rows.keys), std::move(rows.search));
  refresh_[static_cast<std::size_t>(pane)].succeeded(Steady::now());
}

void LiveConsole::fail(int pane, const aws::Error& e) {
  if (!client_) return;
  refresh_[static_cast<std::size_t>(pane)].failed(e, Steady::now());
  if (e.kind == aws::ErrorKind::Cancelled) return;
  // An empty pane names the failure (rows from an earlier answer stay shown).
  view_.pane(pane).table().set_empty_text(from_error(e).line());
  show_message(view_.status(), from_error(e).about(view_.pane(pane).title()));
}

std::string LiveConsole::empty_text(int pane) const {
  std::string what = view_.pane(pane).title();
  for (char& c : what) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string text = "no " + what + " in " + session_->region();
  if (pane == kAlarmsPane) text += " (nothing to watch, nothing firing)";
  return text;
}

void LiveConsole::schedule_spinner() {
  if (spinner_scheduled_ || !client_ || client_->in_flight() == 0) return;
  spinner_scheduled_ = true;
  loop_.add_timer(
      std::chrono::milliseconds(150),
      [this] {
        spinner_scheduled_ = false;
        ++spinner_;
        schedule_spinner();
        return ui::Outcome::Redraw;
      },
      false);
}

const nlohmann::json* LiveConsole::document(int pane, const std::string& key) const {
  if (pane < 0 || pane >= kPaneCount) return nullptr;
  if (pane == kLogsPane) {
    auto doc = logs_->document(key);
    if (!doc) return nullptr;
    log_document_ = std::move(*doc);
    return &log_document_;
  }
  const Resource* r = resource(pane, key);
  return r ? &r->document() : nullptr;
}

const Resource* LiveConsole::resource(int pane, const std::string& key) const {
  if (pane < 0 || pane >= kPaneCount) return nullptr;
  const auto& held = resources_[static_cast<std::size_t>(pane)];
  auto it = held.find(key);
  return it == held.end() ? nullptr : &it->second;
}

std::vector<const Resource*> LiveConsole::resources(int pane) const {
  std::vector<const Resource*> out;
  if (pane < 0 || pane >= kPaneCount) return out;
  for (const auto& [key, r] : resources_[static_cast<std::size_t>(pane)]) out.push_back(&r);
  return out;
}

void LiveConsole::before_render() {
  if (!client_) return;
  view_.header().in_flight = client_->in_flight();
  auto now = Steady::now();
  for (int p : {kInstancesPane, kDatabasesPane, kAlarmsPane}) {
    std::string note = refresh_[static_cast<std::size_t>(p)].note(now);
    if (!visible(p)) note = note.empty() ? "paused" : note + ", paused";
    view_.pane(p).set_note(note);
  }
  view_.pane(kLogsPane).set_note(
      log_group_.empty() ? ""
                         : log_group_ + (logs_running_ ? (log_mode_.empty() ? "" : " · " + log_mode_) : " (paused)"));
  sync_logs();
  schedule_spinner();
}

void LiveConsole::follow_logs(const std::string& group) {
  if (!client_) return;
  if (group == log_group_ && logs_running_) return;
  if (group == log_group_ && log_source_) {
    // Paused: the same tail resumes where it stopped (its id sets keep out what it
    // delivered before), so the store needs no second dedupe.
    log_source_->start(*sink_);
    logs_running_ = true;
    return;
  }
  if (log_source_) log_source_->stop();
  logs_->clear();
  if (auto screen = log_screen_.lock()) {
    screen->refresh();
    screen->set_group(group);
  }
  log_group_ = group;
  view_.pane(kLogsPane).table().set_empty_text("waiting for log events in " + group);
  TailOptions o;
  o.groups = {group};
  o.follow = true;
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  o.start_ms = now_ms - 30 * 60 * 1000;
  o.min_interval_ms = settings_.logs_poll.count();
  o.max_interval_ms = std::max<std::int64_t>(o.min_interval_ms, 4 * o.min_interval_ms);
  ++log_generation_;
  sink_ = std::make_unique<Sink>(*this, log_generation_);
  log_mode_.clear();
  LiveFollowOptions lo;
  lo.tail = o;
  log_source_ = std::make_unique<LiveTailLogSource>(lo, *fetcher_, live_tail_.get());
  log_source_->start(*sink_);
  logs_running_ = true;
}

void LiveConsole::sync_logs() {
  // Follow the selected instance's log group when the config names one.
  std::string key = view_.pane(kInstancesPane).table().selected_key();
  const Resource* selected = resource(kInstancesPane, key);
  std::string name = selected ? field_text(*selected, "name") : "";
  if (name != last_selected_instance_) {
    last_selected_instance_ = name;
    auto it = settings_.log_groups.find(name);
    if (it != settings_.log_groups.end() && !it->second.empty()) follow_logs(it->second.front());
  }
  bool want = (visible(kLogsPane) || !log_screen_.expired()) && !log_group_.empty();
  if (want && !logs_running_) follow_logs(log_group_);
  if (!want && logs_running_ && log_source_) {
    log_source_->stop();
    logs_running_ = false;
  }
}

void LiveConsole::on_log_events(std::uint64_t generation, std::vector<LogEvent> events) {
  if (generation != log_generation_ || !client_) return;  // from a group we no longer follow
  if (events.empty()) return;
  ui::Table& table = view_.pane(kLogsPane).table();
  const std::size_t rows = logs_->row_count();
  const bool at_bottom = table.selected_key().empty() || (rows > 0 && table.selected_key() == logs_->row_key(rows - 1));
  logs_->add(events);
  if (auto screen = log_screen_.lock()) screen->refresh();
  if (at_bottom) table.command(ui::TableCommand::Bottom);  // follow the newest line
}

ui::Outcome LiveConsole::open_log_screen() {
  auto screen = log_screen_.lock();
  if (screen && view_.top_screen() == screen.get()) return ui::Outcome::Handled;
  if (!screen) {
    // Aliasing pointer: the screen keeps the whole store alive, even past this console.
    screen = std::make_shared<LogScreen>(std::shared_ptr<const LogBuffer>(logs_, &logs_->store()));
    screen->set_group(log_group_.empty() ? "(no log group: :logs GROUP)" : log_group_);
    log_screen_ = screen;
  }
  view_.push_screen(std::move(screen));
  sync_logs();  // keep tailing even when the Logs pane itself is hidden
  return ui::Outcome::Redraw;
}

}  // namespace opsdeck::app
