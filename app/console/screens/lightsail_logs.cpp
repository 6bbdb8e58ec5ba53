#include "app/console/screens/lightsail_logs.hpp"

#include <chrono>
#include <memory>

#include "app/console/log_screen.hpp"
#include "app/logs/lightsail_log_fetcher.hpp"
#include "app/logs/polling_log_source.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// Worker thread -> UI thread: the batches into the view, trouble onto the status line.
class ViewSink final : public LogSink {
 public:
  ViewSink(ScreenEnv env, std::weak_ptr<LogScreen> screen) : env_(std::move(env)), screen_(std::move(screen)) {}
  void on_events(std::vector<LogEvent> events) override {
    env_.post([w = screen_, events = std::move(events)] {
      if (auto s = w.lock()) s->add_events(events);
    });
  }
  void on_status(const SourceStatus& status) override {
    if (status.state != SourceState::Failed && status.state != SourceState::Backoff) return;
    std::string text = "logs " + status.source + ": " + status.message +
                       (status.state == SourceState::Backoff ? " (retrying)" : "");
    ConsoleView* view = env_.view;
    env_.post([view, w = screen_, text] {
      if (!w.expired()) view->status().show(ui::Severity::Warn, ui::sanitize_plain(text));
    });
  }

 private:
  ScreenEnv env_;
  std::weak_ptr<LogScreen> screen_;
};

// What a log view of a container owns: members are destroyed in reverse order, so the
// source stops (joins its worker) before the sink and the fetcher go.
struct ContainerFollow {
  ContainerFollow(const ScreenEnv& env, std::weak_ptr<LogScreen> screen, TailOptions options)
      : fetcher(env.sync), sink(env, std::move(screen)), source(std::move(options), fetcher) {}
  LightsailLogFetcher fetcher;
  ViewSink sink;
  PollingLogSource source;
};

}  // namespace

void open_container_log(const ScreenEnv& env, const std::string& service, const std::string& container) {
  if (!env.sync) {
    env.view->status().show(ui::Severity::Warn, "container logs cannot be read here");
    return;
  }
  auto screen = std::make_shared<LogScreen>();
  screen->set_group("lightsail " + ui::sanitize_plain(lightsail_log_group(service, container)));
  TailOptions o;
  o.groups = {lightsail_log_group(service, container)};
  o.follow = true;
  o.start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(env.now().time_since_epoch()).count() -
               30 * 60 * 1000;
  o.min_interval_ms = 2000;
  o.max_interval_ms = 8000;
  auto follow = std::make_shared<ContainerFollow>(env, screen, o);
  follow->source.start(follow->sink);
  screen->keep_alive(follow);
  env.view->push_screen(screen);
}

void open_lightsail_logs(const ScreenEnv& env, const std::string& service, const std::vector<std::string>& containers) {
  if (containers.empty()) {
    env.view->status().show(ui::Severity::Warn,
                            ui::sanitize_plain(service) + " has no current deployment: no container logs to read");
    return;
  }
  if (containers.size() == 1) return open_container_log(env, service, containers.front());
  auto s = std::make_shared<TableScreen>("Containers of " + ui::sanitize_plain(service) + " (Enter: its log)",
                                         std::vector<ui::Column>{{"CONTAINER", 10, 60, 0}}, ResourceType::None);
  PaneRows rows;
  for (const auto& c : containers) {
    rows.rows.push_back({ui::TableCell{ui::sanitize_plain(c)}});
    rows.keys.push_back(c);
    rows.documents.push_back({{"serviceName", service}, {"containerName", c}});
  }
  s->set_rows(std::move(rows));
  s->on_open = [env, service](const std::string& container) {
    open_container_log(env, service, container);
    return ui::Outcome::Redraw;
  };
  s->add_hint({"enter", "logs"});
  env.view->push_screen(s);
}

}  // namespace opsdeck::app
