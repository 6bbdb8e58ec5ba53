// The console's Runbooks step view without a terminal: statuses resumed from the progress
// store, the plan Enter shows (variables filled in, target, guard), n/p, a real local run
// (a /bin/bash step on a worker thread, output posted to the UI loop), run-all stopping at
// the first failure, variables asked once, and the same gate as headless (read-only
// refuses, production needs the environment name typed) with its audit lines.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "app/console/console_view.hpp"
#include "app/console/runbook_catalog.hpp"
#include "app/console/screens/runbook_screen.hpp"
#include "app/console/runbook_views.hpp"
#include "app/console/triage_menu.hpp"
#include "app/runbook/loader.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck;
using app::RunbookScreen;
using ui::Key;
using ui::KeyEvent;

namespace {

const char* kRunbook = R"(# Demo runbook

## Check

Make the work directory:

```bash
mkdir -p <WORK_DIR>/made && echo hello-from-step
```

## Break

```bash
false
```

## After

```bash
echo never-reached
```

## Clean up

```bash
rm -rf <WORK_DIR>/made
```

## Config

```json
{"not": "run"}
```
)";

struct Fixture {
  opsdeck::testing::TempDir dir;
  ui::EventLoop loop;
  app::StepWorkers workers;  // after the loop: joined before it goes
  std::shared_ptr<const app::runbook::Runbook> rb;
  app::RunbookContext ctx;

  Fixture() {
    std::string path = (dir.path() / "demo.md").string();
    opsdeck::testing::write_file(path, kRunbook);
    auto loaded = app::runbook::load_runbook(path, app::runbook::DestructivePatterns());
    EXPECT_TRUE(loaded.ok());
    rb = std::make_shared<const app::runbook::Runbook>(*loaded);
    ctx.loop = &loop;
    ctx.workers = &workers;
    ctx.environment = "dev";
    ctx.state_dir = (dir.path() / "state").string();
    ctx.audit_path = (dir.path() / "audit.jsonl").string();
    ctx.config_env = {{"WORK_DIR", dir.path().string()}};
    ctx.caller_arn = [] { return std::string("arn:aws:iam::123456789012:user/oncall"); };
  }
  std::shared_ptr<RunbookScreen> screen(app::runbook::RunbookProgress p = {}) {
    return std::make_shared<RunbookScreen>(ctx, rb, std::move(p));
  }
  // Pumps the UI loop until the screen has no running step (10 s at most).
  bool settle(RunbookScreen& s) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      loop.run_once(std::chrono::milliseconds(50));
      if (!s.running() && workers.running() == 0) {
        loop.run_once(std::chrono::milliseconds(0));
        if (!s.running()) return true;
      }
    }
    return false;
  }
  std::vector<nlohmann::json> audit() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(opsdeck::testing::read_file(dir.path() / "audit.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
};

std::string render(app::ConsoleView& v) {
  ui::CellGrid g(120, 40);
  v.render(g, "03:14 UTC", 0, true);
  return g.to_text();
}

void type(app::ConsoleView& v, std::string_view s) {
  for (char c : s) v.on_key(KeyEvent::character(static_cast<unsigned char>(c)));
}

}  // namespace

TEST(RunbookScreen, ListsStepsWithKindDestructiveMarkAndResumedStatus) {
  Fixture f;
  app::runbook::RunbookProgress saved;
  saved.steps[1] = {"done", 0, 1200, "2026-01-01T00:00:00Z",
                    app::runbook::ProgressStore::hash_code(f.rb->steps[0].code)};
  saved.steps[2] = {"failed", 1, 40, "2026-01-01T00:00:01Z",
                    app::runbook::ProgressStore::hash_code(f.rb->steps[1].code)};
  auto s = f.screen(saved);
  EXPECT_EQ(s->status_text(1), "done (exit 0, 1.2 s)");
  EXPECT_EQ(s->status_text(2), "failed (exit 1, 40 ms)");
  EXPECT_EQ(s->status_text(3), "pending");
  EXPECT_EQ(s->status_text(5), "-");  // content: shown, never run
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  std::string text = render(v);
  EXPECT_NE(text.find("Demo runbook - demo.md (5 steps, dev"), std::string::npos) << text;
  EXPECT_NE(text.find("done (exit 0, 1.2 s)"), std::string::npos) << text;
  EXPECT_NE(text.find("failed (exit 1, 40 ms)"), std::string::npos) << text;
  EXPECT_NE(text.find("content"), std::string::npos) << text;
  EXPECT_TRUE(f.rb->steps[3].destructive);
}

TEST(RunbookScreen, EnterShowsThePlanWithVariablesAndTargetAndNpMove) {
  Fixture f;
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  EXPECT_EQ(s->selected_step(), 1);
  v.on_key(KeyEvent::character('n'));
  v.on_key(KeyEvent::character('n'));
  v.on_key(KeyEvent::character('n'));
  EXPECT_EQ(s->selected_step(), 4);
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_FALSE(s->running());
  std::string text = render(v);
  EXPECT_NE(text.find("Plan - step 4"), std::string::npos) << text;
  EXPECT_NE(text.find("Target: local shell (/bin/bash -c) on this machine"), std::string::npos) << text;
  EXPECT_NE(text.find("DESTRUCTIVE"), std::string::npos) << text;
  std::string plan = s->plan_text(4);
  EXPECT_NE(plan.find("rm -rf " + f.dir.path().string() + "/made"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Guard: y/N confirmation"), std::string::npos) << plan;
  v.on_key(KeyEvent::character('p'));
  EXPECT_EQ(s->selected_step(), 3);
}

// Esc goes back exactly one level: the plan closes and the runbook stays; the next Esc
// closes the runbook, and a one-key action typed right after it is held, not run.
TEST(RunbookScreen, EscClosesThePlanFirstAndKeysTypedRightAfterwardsAreHeld) {
  Fixture f;
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  auto now = std::chrono::steady_clock::now();
  v.set_clock([&] { return now; });
  int shells = 0;
  app::ConsoleCommand shell{"shell", {"s"}, "Open a shell", "global", "shell", [&](const std::string&) {
                              ++shells;
                              return ui::Outcome::Redraw;
                            }};
  shell.held_after_close = true;
  v.commands().add(std::move(shell));
  v.push_screen(s);
  v.on_key(KeyEvent::of(Key::Enter));
  ASSERT_NE(render(v).find("Plan - step 1"), std::string::npos) << render(v);
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(v.top_screen(), s.get()) << "Esc on the plan closed the runbook";
  EXPECT_EQ(render(v).find("Plan - step 1"), std::string::npos) << render(v);
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(v.top_screen(), nullptr);
  v.on_key(KeyEvent::character('s'));  // typed ahead into the runbook that just closed
  EXPECT_EQ(shells, 0);
  EXPECT_NE(v.status().text().find("press it again"), std::string::npos) << v.status().text();
  v.on_key(KeyEvent::character('j'));  // navigation is never held
  now += app::ConsoleView::kSettle;
  v.on_key(KeyEvent::character('s'));
  EXPECT_EQ(shells, 1);
  // A prompt closing holds them too: the filter, closed with Enter.
  v.on_key(KeyEvent::character('/'));
  type(v, "x");
  v.on_key(KeyEvent::of(Key::Enter));
  v.on_key(KeyEvent::character('s'));
  EXPECT_EQ(shells, 1);
}

TEST(RunbookScreen, RunAllRunsLocallyAndStopsAtTheFirstFailure) {
  Fixture f;
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  v.on_key(KeyEvent::character('A'));
  // WORK_DIR has a config default, but is asked once (prefilled): accept it.
  v.on_key(KeyEvent::of(Key::Enter));
  ASSERT_TRUE(f.settle(*s));
  EXPECT_TRUE(s->status_text(1).starts_with("done (exit 0, ")) << s->status_text(1);
  EXPECT_TRUE(s->status_text(2).starts_with("failed (exit 1, ")) << s->status_text(2);
  EXPECT_EQ(s->status_text(3), "pending");
  EXPECT_NE(s->output_text(1).find("hello-from-step"), std::string::npos) << s->output_text(1);
  EXPECT_NE(s->message().find("run-all stopped at step 2"), std::string::npos) << s->message();
  EXPECT_TRUE(std::filesystem::exists(f.dir.path() / "made"));
  std::string text = render(v);
  EXPECT_NE(text.find("Output - step 2"), std::string::npos) << text;
  // Audit lines as headless, with the caller ARN; progress saved for the next session.
  auto lines = f.audit();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0]["phase"], "start");
  EXPECT_EQ(lines[0]["step"], 1);
  EXPECT_EQ(lines[0]["caller_arn"], "arn:aws:iam::123456789012:user/oncall");
  EXPECT_EQ(lines[1]["phase"], "end");
  EXPECT_EQ(lines[1]["exit_status"], 0);
  app::runbook::ProgressStore store(f.ctx.state_dir, f.rb->path, "dev");
  auto p = store.load();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->steps[1].status, "done");
  EXPECT_EQ(p->steps[2].status, "failed");
  auto again = f.screen(*p);
  EXPECT_TRUE(again->status_text(1).starts_with("done (exit 0"));
}

TEST(RunbookScreen, VariablesAreAskedOncePerRunbookAndRemembered) {
  Fixture f;
  f.ctx.config_env.clear();
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  v.on_key(KeyEvent::character('r'));
  EXPECT_NE(render(v).find("WORK_DIR: "), std::string::npos);
  type(v, f.dir.path().string());
  v.on_key(KeyEvent::of(Key::Enter));
  ASSERT_TRUE(f.settle(*s));
  EXPECT_TRUE(s->status_text(1).starts_with("done")) << s->status_text(1) << s->message();
  // A second run (and another screen of the same runbook) does not ask again.
  auto s2 = f.screen();
  v.push_screen(s2);
  v.on_key(KeyEvent::character('r'));
  EXPECT_TRUE(s2->running()) << s2->message();
  ASSERT_TRUE(f.settle(*s2));
  EXPECT_TRUE(s2->status_text(1).starts_with("done"));
}

TEST(RunbookScreen, ReadOnlyRefusesThroughTheGateAndAudits) {
  Fixture f;
  f.ctx.readonly = true;
  f.ctx.answers->operator[](f.rb->path)["WORK_DIR"] = f.dir.path().string();
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  type(v, "nnn");
  v.on_key(KeyEvent::character('r'));
  ASSERT_TRUE(f.settle(*s));
  EXPECT_EQ(s->status_text(4), "refused");
  auto lines = f.audit();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["phase"], "refused");
}

TEST(RunbookScreen, ProductionDestructiveStepNeedsTheTypedEnvironmentName) {
  Fixture f;
  f.ctx.production = true;
  f.ctx.environment = "prod";
  f.ctx.answers->operator[](f.rb->path)["WORK_DIR"] = f.dir.path().string();
  std::filesystem::create_directories(f.dir.path() / "made");
  auto s = f.screen();
  app::ConsoleView v(app::HeaderInfo{});
  v.push_screen(s);
  type(v, "nnn");
  v.on_key(KeyEvent::character('r'));
  EXPECT_FALSE(s->running());
  EXPECT_NE(render(v).find("PRODUCTION environment prod"), std::string::npos);
  type(v, "y");  // not the name: the dialog stays
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_FALSE(s->running());
  for (int i = 0; i < 3; ++i) v.on_key(KeyEvent::of(Key::Backspace));
  type(v, "prod");
  v.on_key(KeyEvent::of(Key::Enter));
  ASSERT_TRUE(f.settle(*s));
  EXPECT_TRUE(s->status_text(4).starts_with("done")) << s->status_text(4) << s->message();
  EXPECT_FALSE(std::filesystem::exists(f.dir.path() / "made"));
}

TEST(RunbookCatalog, CollectsDirectoryServicesAndAlarmRunbooks) {
  opsdeck::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "runbooks");
  opsdeck::testing::write_file(dir.path() / "runbooks" / "deploy.md", "# Deploy\n");
  opsdeck::testing::write_file(dir.path() / "runbooks" / "other.md", "# Other\n");
  std::string cfg = (dir.path() / "config.json").string();
  auto c = app::parse_runbook_catalog(R"({
    "services": {"api": {"runbooks": ["runbooks/deploy.md"], "log_groups": ["/app/api"]}},
    "alarm_runbooks": {"api-5xx": "runbooks/deploy.md"},
    "runbooks": {"directory": "runbooks"}})", cfg);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  ASSERT_EQ(c->runbooks.size(), 2u);
  EXPECT_EQ(c->runbooks[0].name, "runbooks/deploy.md");
  EXPECT_EQ(c->runbooks[0].used_by, (std::vector<std::string>{"service api", "alarm api-5xx"}));
  EXPECT_EQ(c->alarm_runbooks.at("api-5xx"), (dir.path() / "runbooks" / "deploy.md").string());
  EXPECT_EQ(c->service_log_groups.at("api"), std::vector<std::string>{"/app/api"});
  EXPECT_EQ(c->resolve("deploy.md"), (dir.path() / "runbooks" / "deploy.md").string());
  EXPECT_FALSE(app::parse_runbook_catalog(R"({"alarm_runbooks": []})", cfg).ok());
}

TEST(TriageLinks, RunbookFromConfigOrDescriptionAndTheServiceLogGroup) {
  opsdeck::testing::TempDir dir;
  std::string cfg = (dir.path() / "config.json").string();
  auto c = app::parse_runbook_catalog(R"({
    "services": {"clickit-api": {"log_groups": ["/ecs/clickit-prod-api"]},
                 "clickit-api-dev": {"log_groups": ["/ecs/clickit-dev-api"]}},
    "log_groups": {"clinic-api": ["/app/api", "/app/nginx"]},
    "alarm_runbooks": {"clickit-prod-api-5xx": "runbooks/incident.md"}})", cfg);
  ASSERT_TRUE(c.ok());
  auto a = app::triage_links("clickit-prod-api-5xx", nullptr, *c);
  EXPECT_EQ(a.runbook, (dir.path() / "runbooks" / "incident.md").string());
  EXPECT_EQ(a.runbook_from, "config alarm_runbooks");
  EXPECT_EQ(a.log_group, "");  // "clickit-api" is not in the name, no dimensions
  nlohmann::json doc = {{"AlarmName", "cpu-high"},
                        {"AlarmDescription", "CPU over 80%.\nRunbook: runbooks/db.md\n"},
                        {"Dimensions", {{{"Name", "ServiceName"}, {"Value", "clickit-api-dev"}}}}};
  auto b = app::triage_links("cpu-high", &doc, *c);
  EXPECT_EQ(b.runbook_from, "alarm description");
  EXPECT_NE(b.runbook.find("runbooks/db.md"), std::string::npos);
  EXPECT_EQ(b.service, "clickit-api-dev");
  EXPECT_EQ(b.log_group, "/ecs/clickit-dev-api");
  auto n = app::triage_links("clinic-api-cpu-high", nullptr, *c);
  EXPECT_EQ(n.runbook, "");
  EXPECT_EQ(n.log_group, "/app/api");
}

TEST(TriageMenu, EnterOnAnAlarmRowOffersRunbookLogsAndDetail) {
  opsdeck::testing::TempDir dir;
  opsdeck::testing::write_file(dir.path() / "incident.md", "# Incident\n\n```bash\necho look\n```\n");
  auto catalog = app::parse_runbook_catalog(R"({"log_groups": {"clinic-api": ["/app/api"]},
    "alarm_runbooks": {"clinic-api-cpu-high": "incident.md"}})", (dir.path() / "config.json").string());
  ASSERT_TRUE(catalog.ok());
  app::ConsoleView v(app::HeaderInfo{});
  ui::EventLoop loop;
  app::RunbookContext ctx;
  ctx.state_dir = (dir.path() / "state").string();
  app::RunbookViews views(v, loop, ctx, *catalog, {});
  app::TriageMenu menu(v, views);
  std::string followed;
  menu.follow_logs = [&followed](const std::string& g) { followed = g; };
  nlohmann::json doc = {{"AlarmName", "clinic-api-cpu-high"}};
  v.on_open = [&](int pane, const std::string& key) {
    EXPECT_EQ(pane, app::kAlarmsPane);
    return menu.open(key, &doc);
  };
  auto alarms = std::make_shared<ui::VectorTableSource>(std::vector<ui::Column>{{"NAME", 8, 40, 0}});
  alarms->set_rows({{{"clinic-api-cpu-high"}}}, {"clinic-api-cpu-high"});
  v.pane(app::kAlarmsPane).set_source(alarms);
  v.run_command(":alarms");
  v.on_key(KeyEvent::of(Key::Enter));  // not zoomed: the menu, not the zoom
  EXPECT_EQ(v.zoomed(), -1);
  ASSERT_TRUE(menu.modal());
  ui::CellGrid g(120, 30);
  v.render(g, "03:14", 0, true);
  menu.render(g, true);
  std::string text = g.to_text();
  EXPECT_NE(text.find("Runbook: incident.md"), std::string::npos) << text;
  EXPECT_NE(text.find("Logs: /app/api"), std::string::npos) << text;
  EXPECT_NE(text.find("Metric / detail"), std::string::npos) << text;
  menu.on_key(KeyEvent::character('l'));
  EXPECT_EQ(followed, "/app/api");
  EXPECT_FALSE(menu.modal());
  menu.open("clinic-api-cpu-high", &doc);
  menu.on_key(KeyEvent::character('r'));
  ASSERT_NE(v.top_screen(), nullptr);
  EXPECT_EQ(v.top_screen()->title(), "Runbook incident.md");
  v.pop_screen();
  menu.open("clinic-api-cpu-high", &doc);
  menu.on_key(KeyEvent::character('m'));
  EXPECT_TRUE(v.detail_open());
}

// L on a following step (`tail -f`) starts it in the full-screen log view: its lines arrive
// there as the file grows, and closing the view (Esc) stops the stream, reported as done
// ("stopped by the operator"), not failed.
TEST(RunbookScreen, AFollowingStepRunsInTheLogViewAndClosingItStopsTheStep) {
  Fixture f;
  std::string log = (f.dir.path() / "app.log").string();
  opsdeck::testing::write_file(log, "ready-line\n");
  std::string path = (f.dir.path() / "follow.md").string();
  opsdeck::testing::write_file(path, "# Watch\n\n```bash\ntail -f " + log + "\n```\n");
  auto loaded = app::runbook::load_runbook(path, app::runbook::DestructivePatterns());
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->steps[0].follow);
  app::ConsoleView v(app::HeaderInfo{});
  f.ctx.open_screen = [&v](std::shared_ptr<app::ConsoleScreen> s) { v.push_screen(std::move(s)); };
  auto s = std::make_shared<RunbookScreen>(f.ctx, std::make_shared<const app::runbook::Runbook>(*loaded),
                                           app::runbook::RunbookProgress{});
  v.push_screen(s);
  v.on_key(KeyEvent::character('L'));
  ASSERT_TRUE(s->running());
  ASSERT_EQ(s->log_view_step(), 1);
  auto shown = [&](const std::string& text) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      f.loop.run_once(std::chrono::milliseconds(50));
      if (render(v).find(text) != std::string::npos) return true;
    }
    return false;
  };
  ASSERT_TRUE(shown("ready-line")) << render(v);
  EXPECT_NE(render(v).find("Logs step 1: tail -f"), std::string::npos) << render(v);
  {
    std::ofstream out(log, std::ios::app);
    out << "later-line\n";
  }
  ASSERT_TRUE(shown("later-line")) << render(v);
  EXPECT_TRUE(s->running());
  v.on_key(KeyEvent::of(Key::Escape));  // closes the log view
  render(v);                              // the runbook view is on top again
  ASSERT_TRUE(f.settle(*s));
  EXPECT_EQ(s->log_view_step(), 0);
  EXPECT_TRUE(s->status_text(1).starts_with("done (exit")) << s->status_text(1);
  EXPECT_NE(s->output_text(1).find("later-line"), std::string::npos) << s->output_text(1);
  auto lines = f.audit();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["result"], "stopped");
}

// L on a step that is not following opens its output so far; closing the view stops nothing.
TEST(RunbookScreen, LShowsAFinishedStepsOutputInTheLogView) {
  Fixture f;
  app::ConsoleView v(app::HeaderInfo{});
  f.ctx.open_screen = [&v](std::shared_ptr<app::ConsoleScreen> s) { v.push_screen(std::move(s)); };
  auto s = f.screen();
  v.push_screen(s);
  v.on_key(KeyEvent::character('r'));
  v.on_key(KeyEvent::of(Key::Enter));  // WORK_DIR, prefilled
  ASSERT_TRUE(f.settle(*s));
  v.on_key(KeyEvent::character('L'));
  EXPECT_EQ(s->log_view_step(), 1);
  std::string text = render(v);
  EXPECT_NE(text.find("hello-from-step"), std::string::npos) << text;
  EXPECT_NE(text.find("Logs step 1"), std::string::npos) << text;
  v.on_key(KeyEvent::of(Key::Escape));
  render(v);
  EXPECT_EQ(s->log_view_step(), 0);
  EXPECT_TRUE(s->status_text(1).starts_with("done (exit 0")) << s->status_text(1);
}
