#include "app/console/console_app.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/console/console_view.hpp"
#include "app/data_paths.hpp"
#include "ssh/base64.hpp"
#include "widgets/clipboard.hpp"
#include "app/message_printer.hpp"
#include "app/console/live_setup.hpp"
#include "app/console/screens/forwards_screen.hpp"
#include "aws/shared_config.hpp"
#include "widgets/curses_screen.hpp"
#include "widgets/event_loop.hpp"
#include "widgets/theme_loader.hpp"

namespace opsdeck::app {

namespace {

using Clock = std::chrono::system_clock;

std::string clock_text(Clock::time_point now) {
  std::time_t t = Clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M UTC", &tm);
  return buf;
}

// The next whole minute on the steady clock: the header clock shows minutes, so the idle
// console wakes up once a minute, not once a second.
ui::EventLoop::Clock::time_point next_minute() {
  auto now = Clock::now();
  auto next = std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds(1));
  return ui::EventLoop::Clock::now() + (next - now);
}

std::string env_or(const std::string& value, const char* var) {
  if (!value.empty()) return value;
  const char* v = std::getenv(var);
  return v ? v : "";
}

}  // namespace

int run_console(const GlobalOptions& options) {
  ui::TerminalTraits traits = ui::TerminalTraits::detect();
  ui::ThemeLoadResult theme = ui::resolve_theme(options.theme, themes_directory(), traits);

  ui::ScreenOptions so;
  so.monochrome = traits.no_color || traits.dumb;
  if (traits.dumb) so.force_ascii = true;
  std::string error;
  auto screen = ui::CursesScreen::open(theme.theme, so, error);
  if (!screen) {
    print_message(UserMessage::error(error));
    return 1;
  }

  HeaderInfo header;
  header.environment = options.environment;
  header.profile = env_or(options.profile, "AWS_PROFILE");
  header.region = env_or(env_or(options.region, "AWS_REGION"), "AWS_DEFAULT_REGION");
  ConsoleView view(header);
  // `:profile` completes the profiles of the shared config and credentials files.
  if (auto shared = aws::SharedConfig::load(aws::process_env()))
    view.palette().set_argument_values("profile", shared->profile_names());
  if (!theme.problems.empty())
    view.status().show(theme.fell_back ? ui::Severity::Error : ui::Severity::Warn, theme.problems.front());
  if (options.readonly) view.status().show(ui::Severity::Info, "read-only mode: actions that change anything are refused");

  ui::EventLoop loop;
  // The `s` shell runs synchronously inside this, on the UI thread: the loop handles no fd
  // and draws nothing until the guard has put curses back (full repaint on the next frame).
  auto suspend = [&screen](const std::function<void()>& body) {
    ui::TerminalSuspend guard(*screen);
    body();
  };
  GlobalOptions current = options;
  // The console's port forwards: after the loop (their state callbacks post to it), before
  // the live parts, so they outlive every `:region` / `:profile` switch.
  ForwardRegistry forwards;
  view.commands().set_handler("forwards", [&](const std::string&) {
    open_forwards_screen(view, loop, forwards);
    return ui::Outcome::Relayout;
  });
  std::unique_ptr<LiveParts> live;  // after loop: destroyed first
  // Parts replaced by :region / :profile / :fleet: shut down but kept until the loop has
  // ended, as tasks they posted may still be queued.
  std::vector<std::unique_ptr<LiveParts>> retired;
  std::string last_fleet = options.fleet;
  // Replaces the live parts (and their sessions) atomically: the single-account console of
  // `next`, or its fleet view when next.fleet is set.
  std::function<void(const GlobalOptions&)> go_to;
  // Fleet view: Enter on a member's row opens that member as a single-account console (its
  // own session and guard) with the row selected; on a member of the members pane it shows
  // why the member failed and what to do.
  auto open_in_member = [&](int pane, const std::string& key) {
    FleetConsole& fleet = *live->fleet;
    auto index = fleet.member_of(pane, key);
    if (!index) return ui::Outcome::Ignored;
    const FleetMember m = fleet.member(*index);  // a copy: go_to() retires the fleet view
    if (pane == kLogsPane) {
      auto why = fleet.failure(*index);
      nlohmann::json doc{{"member", m.label()}, {"profile", m.profile}, {"region", m.region}};
      if (why) {
        doc["status"] = "failed";
        doc["reason"] = why->reason;
        doc["error"] = why->detail;
        doc["fix"] = why->fix;
        view.status().show(ui::Severity::Warn, m.label() + ": " + why->reason + " — " + why->fix);
      } else {
        doc["status"] = "up";
      }
      view.show_detail("fleet member " + m.label(), doc);
      return ui::Outcome::Redraw;
    }
    GlobalOptions next = m.options(current);
    next.fleet.clear();
    std::string row = key.substr(key.find('/') + 1);  // the member's own row key
    // After this key's handling: switching replaces the handler that is running.
    loop.post([&, next, row, pane, label = m.label()] {
      go_to(next);
      view.status().show(ui::Severity::Info, "fleet member " + label + " (its own session and guard); :fleet " +
                                                 last_fleet + " comes back");
      view.commands().run(pane == kInstancesPane ? "ec2" : pane == kDatabasesPane ? "rds" : "alarms");
      view.pane(pane).table().select_key(row);
    });
    return ui::Outcome::Relayout;
  };
  go_to = [&](const GlobalOptions& next) {
    while (view.top_screen()) view.pop_screen();
    if (live) {
      live->shutdown();
      retired.push_back(std::move(live));
      HeaderInfo fresh;
      fresh.environment = next.environment;
      fresh.profile = next.profile;
      fresh.region = next.region;
      view.header() = fresh;
      view.pane(kLogsPane).set_title("Logs");
    }
    current = next;
    if (next.fleet.empty()) {
      live = start_live(next, view, loop, suspend, &forwards);  // reports its own errors in the status line
      return;
    }
    last_fleet = next.fleet;
    live = start_fleet(next, view, loop);
    view.on_open = [&](int pane, const std::string& key) {
      return live->fleet ? open_in_member(pane, key) : ui::Outcome::Ignored;
    };
  };
  go_to(current);

  view.commands().set_handler("theme", [&](const std::string& name) {
    ui::ThemeLoadResult t = ui::resolve_theme(name, themes_directory(), traits);
    screen->set_theme(t.theme);
    if (t.problems.empty()) view.status().show(ui::Severity::Ok, "theme " + t.theme.name);
    else view.status().show(t.fell_back ? ui::Severity::Error : ui::Severity::Warn, t.problems.front());
    return ui::Outcome::Relayout;
  });
  // :region and :profile replace the live parts (and their session) atomically; from the
  // fleet view they open that one profile / region.
  auto switch_to = [&](const std::string& what, const std::string& value) {
    GlobalOptions next = current;
    next.fleet.clear();
    (what == "region" ? next.region : next.profile) = value;
    if (what == "profile") {  // another profile is no longer the fleet member's guard (a region keeps it)
      next.member.clear();
      next.member_production = false;
      next.member_account_id.clear();
    }
    go_to(next);
    view.status().show(ui::Severity::Info, what + " " + value);
    return ui::Outcome::Relayout;
  };
  view.commands().set_handler("region", [switch_to](const std::string& r) { return switch_to("region", r); });
  view.commands().set_handler("profile", [switch_to](const std::string& p) { return switch_to("profile", p); });
  // :fleet NAME shows a fleet; :fleet alone comes back to the last one.
  view.commands().set_handler("fleet", [&](const std::string& name) {
    GlobalOptions next = options;
    next.fleet = name.empty() ? last_fleet : name;
    if (next.fleet.empty()) {
      view.status().show(ui::Severity::Info, ":fleet NAME — a fleet of the config's $.fleets, or all");
      return ui::Outcome::Redraw;
    }
    go_to(next);
    view.status().show(ui::Severity::Info, "fleet " + next.fleet);
    return ui::Outcome::Relayout;
  });
  ui::CellGrid grid;
  std::string clock = clock_text(Clock::now());
  int spinner = 0;

  // One timer for the status message's expiry, scheduled when a frame shows a new message.
  ui::EventLoop::TimerId expiry_timer = 0;
  std::optional<ui::StatusLine::Clock::time_point> expiry_for;
  auto schedule_expiry = [&] {
    auto at = view.status().expires_at();
    if (at == expiry_for) return;
    if (expiry_timer) loop.cancel_timer(expiry_timer);
    expiry_timer = 0;
    expiry_for = at;
    if (!at) return;
    expiry_timer = loop.add_timer_at(*at + std::chrono::milliseconds(1), [&] {
      expiry_timer = 0;
      expiry_for.reset();
      return view.status().expire() ? ui::Outcome::Redraw : ui::Outcome::Handled;
    });
  };

  view.on_copy = [&screen](const std::string& text) { screen->write_sequence(ui::osc52_sequence(ssh::base64_encode(text))); };
  loop.set_render([&](bool) {
    if (grid.width() != screen->width() || grid.height() != screen->height())
      grid.resize(screen->width(), screen->height());
    if (live->live) live->live->before_render();
    if (live->fleet) live->fleet->before_render();
    view.render(grid, clock,
                live->live ? live->live->spinner_frame() : live->fleet ? live->fleet->spinner_frame() : spinner,
                screen->ascii());
    for (const ConsoleOverlay* o : live->overlays())
      if (o->modal()) o->render(grid, screen->ascii());
    screen->flush(grid);
    schedule_expiry();
  });
  loop.watch_fd(screen->input_fd(), [&] {
    ui::Outcome out = ui::Outcome::Ignored;
    while (auto key = screen->read_key()) {
      ConsoleOverlay* top = nullptr;
      for (ConsoleOverlay* o : live->overlays())
        if (o->modal()) top = o;
      out = ui::combine(out, top ? top->on_key(*key) : view.on_key(*key));
      if (top && !top->modal()) view.settle();  // a dialog closed: what follows is held a moment
      if (out == ui::Outcome::Quit) break;
    }
    return out;
  });
  std::function<ui::Outcome()> tick = [&]() {
    clock = clock_text(Clock::now());
    loop.add_timer_at(next_minute(), tick);
    return ui::Outcome::Redraw;
  };
  loop.add_timer_at(next_minute(), tick);

  loop.run();
  // Views that run a worker (a container log's follower) stop while the loop it posts to
  // still exists: the clients first (calls in flight end at once), then the views.
  live->shutdown();
  while (view.top_screen()) view.pop_screen();
  screen.reset();  // endwin + terminal restored before anything is printed
  if (int open = forwards.open_count(); open > 0) {
    forwards.close_all();
    print_message(UserMessage::info("closed " + std::to_string(open) + " port forward" + (open == 1 ? "" : "s") +
                                    " (their Session Manager sessions are terminated)"));
  }
  return 0;
}

}  // namespace opsdeck::app
