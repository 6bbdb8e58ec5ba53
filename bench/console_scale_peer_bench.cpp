// The console at scale (bench/README.md "## Scale"): the real console wiring (start_live:
// Session, AwsClient, the panes, the Logs follow) against the FloorServer on loopback,
// rendered into a 200x60 grid and flushed through ncursesw on /dev/null, on this thread as
// the console's UI thread does.
//  - BM_ConsoleScale10kInstances2kAlarms: 10,000 instances (+ their SSM status), 2,000
//    alarms (+ sparklines), 500 log groups. Time from the last page's answer to the frame
//    that shows every row (first paint), keystroke-to-frame while typing a `/` filter into
//    the 10,000 instances (p50/p99, wall and CPU), and resident memory.
//  - BM_ConsoleLogsPane5000LinesPerSecond: the Logs pane following a group that gets 5,000
//    lines/s for OPSDECK_SCALE_LOG_SECONDS (default 60): the UI thread's CPU share, frames
//    per second, and lines lost or repeated in the pane's store.
// Counters carry the figures; each runs once (Iterations(1)).

#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/live_setup.hpp"
#include "bench/floor_server.hpp"
#include "bench/null_screen.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kW = 200, kH = 60;

double thread_cpu_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// VmRSS / VmHWM of this process, MB.
double status_mb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
  return 0;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// The console's surroundings: AWS credentials and files in a temporary directory, the
// config, the view and the loop; render() is the console's frame (console_app.cpp).
struct Console {
  testing::TempDir dir;
  app::GlobalOptions options;
  app::ConsoleView view{app::HeaderInfo{}};
  ui::EventLoop loop;
  ui::CellGrid grid{kW, kH};
  bench::NullScreen screen{kW, kH};
  std::unique_ptr<app::LiveParts> parts;
  std::uint64_t frames = 0;
  std::function<void()> after_frame;

  explicit Console(const std::string& endpoint) {
    for (const char* v : {"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"}) ::unsetenv(v);
    ::setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    ::setenv("AWS_CONFIG_FILE", (dir.path() / "aws-config").c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "aws-credentials").c_str(), 1);
    ::setenv("OPSDECK_AUDIT_LOG", (dir.path() / "audit.jsonl").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (dir.path() / "state").c_str(), 1);
    ::setenv("OPSDECK_NETWORK", "loopback", 1);
    testing::write_file(dir.path() / "config.json", R"({"environments": {"scale": {}}})");
    options.config_path = (dir.path() / "config.json").string();
    options.region = "us-east-1";
    options.endpoint_url = endpoint;
    loop.set_render([this](bool) { frame(); });
  }
  ~Console() {
    if (parts && parts->live) parts->live->shutdown();
  }
  void start() {
    parts = app::start_live(options, view, loop, [](const std::function<void()>& body) { body(); });
  }
  void frame() {
    if (parts && parts->live) parts->live->before_render();
    view.render(grid, "00:00 UTC", parts && parts->live ? parts->live->spinner_frame() : 0, false);
    if (screen.screen) screen.screen->flush(grid);
    ++frames;
    if (after_frame) after_frame();
  }
  std::size_t rows(int pane) const { return parts->live->resources(pane).size(); }
  // One turn of the console's loop (EventLoop::run): wait, dispatch, draw when asked.
  void turn(std::chrono::milliseconds wait) {
    if (loop.run_once(wait) >= ui::Outcome::Redraw) frame();
  }
};

void BM_ConsoleScale10kInstances2kAlarms(benchmark::State& state) {
  for (auto _ : state) {
    bench::FloorAccount account;
    bench::FloorServer floor(account);
    const double rss_before = status_mb("VmRSS");
    Console c(floor.url());
    if (!c.screen.screen) return state.SkipWithError("cannot open curses on /dev/null");
    Clock::time_point instances_painted{}, alarms_painted{};
    c.after_frame = [&] {
      const auto now = Clock::now();
      if (instances_painted == Clock::time_point{} &&
          c.rows(app::kInstancesPane) >= static_cast<std::size_t>(account.instances))  // + Lightsail's
        instances_painted = now;
      if (alarms_painted == Clock::time_point{} && c.rows(app::kAlarmsPane) == static_cast<std::size_t>(account.alarms))
        alarms_painted = now;
    };
    const auto started = Clock::now();
    c.start();
    c.frame();  // the first frame, as EventLoop::run draws it
    while ((instances_painted == Clock::time_point{} || alarms_painted == Clock::time_point{}) &&
           Clock::now() - started < std::chrono::seconds(120))
      c.turn(std::chrono::milliseconds(20));
    if (instances_painted == Clock::time_point{} || alarms_painted == Clock::time_point{})
      return state.SkipWithError(("the panes never filled: " + std::to_string(c.rows(app::kInstancesPane)) +
                                  " instances, " + std::to_string(c.rows(app::kAlarmsPane)) + " alarms; unexpected calls: " +
                                  floor.unexpected_names())
                                     .c_str());
    const auto instances_answered = std::max(floor.last_instances_page(), floor.last_information_page());
    state.counters["instances_load_ms"] = ms_between(started, instances_painted);
    state.counters["instances_first_paint_ms"] = ms_between(instances_answered, instances_painted);
    state.counters["alarms_load_ms"] = ms_between(started, alarms_painted);
    state.counters["alarms_first_paint_ms"] = ms_between(floor.last_alarms_page(), alarms_painted);

    // Typing a filter into the focused Instances pane: key -> prompt -> filter -> frame.
    std::vector<double> wall, cpu;
    auto press = [&](const ui::KeyEvent& e) {
      const auto t0 = Clock::now();
      const double c0 = thread_cpu_ms();
      c.view.on_key(e);
      c.frame();
      cpu.push_back(thread_cpu_ms() - c0);
      wall.push_back(ms_between(t0, Clock::now()));
    };
    for (int round = 0; round < 5; ++round) {
      press(ui::KeyEvent::character('/'));
      for (char ch : std::string("svc-0427-api")) press(ui::KeyEvent::character(static_cast<char32_t>(ch)));
      for (int i = 0; i < 12; ++i) press(ui::KeyEvent::of(ui::Key::Backspace));
      press(ui::KeyEvent::of(ui::Key::Escape));
    }
    state.counters["key_p50_ms"] = percentile(wall, 0.50);
    state.counters["key_p99_ms"] = percentile(wall, 0.99);
    state.counters["key_p99_cpu_ms"] = percentile(cpu, 0.99);
    state.counters["keys"] = static_cast<double>(wall.size());
    state.counters["rss_mb"] = status_mb("VmRSS");
    state.counters["rss_console_mb"] = status_mb("VmRSS") - rss_before;
    state.counters["hwm_mb"] = status_mb("VmHWM");
    state.counters["floor_pages_mb"] = static_cast<double>(floor.prepared_bytes()) / 1e6;
    state.counters["unexpected_calls"] = floor.unexpected_calls();
  }
}
BENCHMARK(BM_ConsoleScale10kInstances2kAlarms)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_ConsoleLogsPane5000LinesPerSecond(benchmark::State& state) {
  for (auto _ : state) {
    bench::FloorAccount account;
    account.instances = 10;
    account.alarms = 10;
    account.log_groups = 1;
    account.log_lines_per_second = 5000;
    const char* seconds = std::getenv("OPSDECK_SCALE_LOG_SECONDS");
    account.log_seconds = seconds ? std::atof(seconds) : 60;
    bench::FloorServer floor(account);
    Console c(floor.url());
    if (!c.screen.screen) return state.SkipWithError("cannot open curses on /dev/null");
    c.start();
    const auto started = Clock::now();
    // Until the stream has ended and every event reached the store (or 20 s more).
    const double cpu0 = thread_cpu_ms();
    const std::uint64_t frames0 = c.frames;
    Clock::time_point over{};
    while (Clock::now() - started < std::chrono::duration<double>(account.log_seconds + 60)) {
      c.turn(std::chrono::milliseconds(50));
      if (floor.log_stream_over() && over == Clock::time_point{}) over = Clock::now();
      if (over != Clock::time_point{} &&
          (c.parts->live->logs().store().end_seq() >= floor.log_events_total() ||
           Clock::now() - over > std::chrono::seconds(20)))
        break;
    }
    const double window_ms = ms_between(started, Clock::now());
    const double stored = static_cast<double>(c.parts->live->logs().store().end_seq());
    const double total = static_cast<double>(floor.log_events_total());
    state.counters["lines_total"] = total;
    state.counters["lines_stored"] = stored;
    state.counters["lines_lost"] = std::max(0.0, total - stored);
    state.counters["lines_repeated"] = std::max(0.0, stored - total);
    state.counters["ui_cpu_pct"] = 100.0 * (thread_cpu_ms() - cpu0) / window_ms;
    state.counters["fps"] = static_cast<double>(c.frames - frames0) * 1000.0 / window_ms;
    state.counters["rss_mb"] = status_mb("VmRSS");
    state.counters["unexpected_calls"] = floor.unexpected_calls();
  }
}
BENCHMARK(BM_ConsoleLogsPane5000LinesPerSecond)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
