// The console skeleton driven by keys and rendered into a grid, with no terminal.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "app/console/console_view.hpp"
#include "widgets/table_source.hpp"

using namespace opsdeck;
using app::ConsoleView;
using ui::Key;
using ui::KeyEvent;
using ui::Outcome;

namespace {

app::HeaderInfo header() {
  app::HeaderInfo h;
  h.environment = "prod";
  h.production = true;
  h.profile = "weightloss";
  h.region = "us-east-1";
  return h;
}

std::string screen(ConsoleView& v, int w, int h) {
  ui::CellGrid g(w, h);
  v.render(g, "03:14 UTC", 0, true);
  return g.to_text();
}

Outcome type(ConsoleView& v, std::string_view s) {
  Outcome o = Outcome::Ignored;
  for (char c : s) o = v.on_key(KeyEvent::character(static_cast<unsigned char>(c)));
  return o;
}

}  // namespace

TEST(ConsoleView, At80x24OnePaneAtATimeUnderATabBar) {
  ConsoleView v(header());
  std::string s = screen(v, 80, 24);
  std::vector<std::string> lines;
  for (std::size_t b = 0, e; b < s.size(); b = e + 1) lines.push_back(s.substr(b, (e = s.find('\n', b)) - b));
  ASSERT_GE(lines.size(), 24u);
  EXPECT_EQ(lines[1].rfind(" Instances | Databases | Alarms | Logs |", 0), 0u) << s;
  EXPECT_EQ(lines[2].rfind("+- Instances ", 0), 0u) << s;  // the focused pane gets every row left
  EXPECT_EQ(lines[21].rfind("+----", 0), 0u) << s;
  EXPECT_EQ(s.find("Databases -"), std::string::npos) << s;  // the others are not drawn
  v.on_key(KeyEvent::of(Key::Tab));
  s = screen(v, 80, 24);
  EXPECT_NE(s.find("+- Databases "), std::string::npos) << s;
  EXPECT_EQ(s.find("+- Instances "), std::string::npos) << s;
  // A click on a tab focuses its pane.
  KeyEvent click = KeyEvent::of(Key::Mouse);
  click.mouse = ui::MouseAction::Press;
  click.x = static_cast<int>(lines[1].find("Logs"));
  click.y = 1;
  EXPECT_EQ(v.on_key(click), Outcome::Redraw);
  EXPECT_NE(screen(v, 80, 24).find("+- Logs "), std::string::npos);
  // Taller, the panes are stacked again; wide, 2x2.
  EXPECT_NE(screen(v, 80, 31).find("+- Instances "), std::string::npos);
  EXPECT_NE(screen(v, 80, 31).find("+- Logs "), std::string::npos);
  EXPECT_NE(screen(v, 100, 24).find("+- Alarms "), std::string::npos);
}

TEST(ConsoleView, NarrowTerminalStacksTheFourPanes) {
  // Below 100 columns and tall enough for every pane to show four lines: stacked.
  ConsoleView v(header());
  EXPECT_EQ(screen(v, 80, 31),
            " opsdeck - prod  PROD  - profile weightloss - us-east-1               03:14 UTC\n"
            "+- Instances ------------------------------------------------------------------+\n"
            "| NAME     STATE   ID         TYPE   PRIVATE IP  PUBLIC IP  SSM     AGE        |\n"
            "| waiting for data                                                             |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "+------------------------------------------------------------------------------+\n"
            "+- Databases ------------------------------------------------------------------+\n"
            "| ID       ENGINE  STATUS    CLASS    STORAGE                                  |\n"
            "| waiting for data                                                             |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "+------------------------------------------------------------------------------+\n"
            "+- Alarms ---------------------------------------------------------------------+\n"
            "| STATE  NAME     SINCE  LAST 3H  METRIC                                       |\n"
            "| waiting for data                                                             |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "+------------------------------------------------------------------------------+\n"
            "+- Logs -----------------------------------------------------------------------+\n"
            "| TIME     LEVEL SOURCE  MESSAGE                                               |\n"
            "| waiting for data                                                             |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "|                                                                              |\n"
            "+------------------------------------------------------------------------------+\n"
            "\n"
            " <tab> pane  <enter> zoom  <esc> back  / filter  : command  ? help  q quit\n");
}

TEST(ConsoleView, WideTerminalIsTwoByTwo) {
  ConsoleView v(header());
  std::string s = screen(v, 120, 12);
  EXPECT_NE(s.find("+- Instances ----"), std::string::npos);
  EXPECT_NE(s.find("++- Databases ---"), std::string::npos);  // side by side
  EXPECT_NE(s.find("++- Logs ---"), std::string::npos);
}

TEST(ConsoleView, TabFocusEnterZoomEscBack) {
  ConsoleView v(header());
  EXPECT_EQ(v.on_key(KeyEvent::of(Key::Tab)), Outcome::Redraw);
  EXPECT_EQ(v.focus(), app::kDatabasesPane);
  v.on_key(KeyEvent::of(Key::BackTab));
  v.on_key(KeyEvent::of(Key::BackTab));
  EXPECT_EQ(v.focus(), app::kLogsPane);
  EXPECT_EQ(v.on_key(KeyEvent::of(Key::Enter)), Outcome::Relayout);
  EXPECT_EQ(v.zoomed(), app::kLogsPane);
  std::string zoomed = screen(v, 80, 10);
  EXPECT_NE(zoomed.find("+- Logs ---"), std::string::npos);
  EXPECT_EQ(zoomed.find("Instances"), std::string::npos);
  v.on_key(KeyEvent::of(Key::Tab));  // Tab while zoomed zooms the next pane
  EXPECT_EQ(v.zoomed(), app::kInstancesPane);
  EXPECT_EQ(v.on_key(KeyEvent::of(Key::Escape)), Outcome::Relayout);
  EXPECT_EQ(v.zoomed(), -1);
}

TEST(ConsoleView, HelpOverlayListsTheKeyMap) {
  ConsoleView v(header());
  v.on_key(KeyEvent::character('?'));
  std::string s = screen(v, 100, 40);
  EXPECT_NE(s.find("Help — Esc to close"), std::string::npos);
  EXPECT_NE(s.find("<s-tab>"), std::string::npos);
  EXPECT_NE(s.find("Filter rows: text, /regex/ or ~regex, ! inverts"), std::string::npos);
  v.on_key(KeyEvent::of(Key::End));
  for (int i = 0; i < 5; ++i) v.on_key(KeyEvent::of(Key::PageDown));  // scroll to the commands
  s = screen(v, 100, 40);
  EXPECT_NE(s.find(":logs GROUP"), std::string::npos) << s;
  EXPECT_NE(s.find("Security groups open to the world"), std::string::npos);
  EXPECT_EQ(v.on_key(KeyEvent::character('q')), Outcome::Redraw);  // closes help, does not quit
  EXPECT_EQ(screen(v, 100, 40).find("Help —"), std::string::npos);
}

TEST(ConsoleView, PaletteUnknownCommandCompletionAndQuit) {
  ConsoleView v(header());
  v.on_key(KeyEvent::character(':'));
  type(v, "frobnicate");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_NE(screen(v, 100, 30).find("unknown command :frobnicate"), std::string::npos);
  v.on_key(KeyEvent::character(':'));
  type(v, "rd");
  v.on_key(KeyEvent::of(Key::Tab));
  EXPECT_NE(screen(v, 100, 30).find(":rds"), std::string::npos);
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(v.focus(), app::kDatabasesPane);
  v.on_key(KeyEvent::character(':'));
  type(v, "ecs");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_NE(screen(v, 100, 30).find(":ecs needs the AWS session, which has not started"), std::string::npos);
  v.on_key(KeyEvent::character(':'));
  type(v, "logs");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_NE(screen(v, 100, 30).find(":logs needs GROUP"), std::string::npos);
  v.on_key(KeyEvent::character(':'));
  type(v, "q");
  EXPECT_EQ(v.on_key(KeyEvent::of(Key::Enter)), Outcome::Quit);
}

TEST(ConsoleView, PaletteCommandsRunTheirHandlerInTheCommandTable) {
  ConsoleView v(header());
  std::string seen;
  ASSERT_TRUE(v.commands().set_handler("region", [&](const std::string& r) {
    seen = "region=" + r;
    return Outcome::Redraw;
  }));
  EXPECT_EQ(v.run_command(":region  eu-west-1 "), Outcome::Redraw);
  EXPECT_EQ(seen, "region=eu-west-1");
  // An alias reaches the same command.
  v.run_command(":db");
  EXPECT_EQ(v.focus(), app::kDatabasesPane);
  v.run_command("instances");
  EXPECT_EQ(v.focus(), app::kInstancesPane);

  // A palette command bound to a key (the config's "keys") runs from the key; one that
  // takes an argument opens the palette with its word typed, and Enter needs the argument.
  EXPECT_TRUE(v.commands().rebind("alarms", {"A"}).empty());
  EXPECT_EQ(v.on_key(KeyEvent::character('A')), Outcome::Redraw);
  EXPECT_EQ(v.focus(), app::kAlarmsPane);
  EXPECT_TRUE(v.commands().rebind("region", {"R"}).empty());
  v.on_key(KeyEvent::character('R'));
  EXPECT_NE(screen(v, 100, 30).find("\n:region\n"), std::string::npos) << screen(v, 100, 30);
  type(v, "us-west-2");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(seen, "region=us-west-2");

  // Every palette command is in the table with its word; help lists them.
  for (const char* word : {"ec2", "rds", "alarms", "alarm", "logs", "ecs", "lightsail", "sqs", "params", "secrets",
                           "sg", "runbooks", "runbook", "region", "profile", "theme", "help", "q"})
    EXPECT_NE(v.commands().find_word(word), nullptr) << word;
  EXPECT_EQ(v.commands().find_word("quit"), v.commands().find("quit"));
}

TEST(ConsoleView, QuitKeyQuits) {
  ConsoleView v(header());
  EXPECT_EQ(v.on_key(KeyEvent::character('q')), Outcome::Quit);
  EXPECT_EQ(v.on_key(KeyEvent::control('c')), Outcome::Quit);
  EXPECT_EQ(v.on_key(KeyEvent::of(Key::Resize)), Outcome::Relayout);
}

TEST(ConsoleView, FilterIsLiveEscRestoresAndPanesShowRows) {
  ConsoleView v(header());
  auto src = std::make_shared<ui::VectorTableSource>(std::vector<ui::Column>{{"NAME", 8, 20, 0, false}});
  src->set_rows({{{"api-1"}}, {{"worker"}}, {{"api-2"}}});
  v.pane(app::kInstancesPane).set_source(src);
  EXPECT_NE(screen(v, 80, 24).find("Instances (3)"), std::string::npos);
  v.on_key(KeyEvent::character('/'));
  type(v, "api");
  std::string s = screen(v, 80, 24);
  EXPECT_NE(s.find("Instances (2/3) /api"), std::string::npos);
  EXPECT_NE(s.find("\n/api"), std::string::npos);  // the filter prompt on the status line
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_NE(screen(v, 80, 24).find("Instances (3)"), std::string::npos);
  v.on_key(KeyEvent::character('/'));
  type(v, "!api");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(v.pane(app::kInstancesPane).table().shown_rows(), 1u);
  v.on_key(KeyEvent::character('j'));
  v.on_key(KeyEvent::of(Key::Escape));  // Esc clears the filter
  EXPECT_EQ(v.pane(app::kInstancesPane).table().shown_rows(), 3u);
  EXPECT_EQ(v.pane(app::kInstancesPane).table().selected_key(), "1");  // still on worker
}

TEST(ConsoleView, MouseClickFocusesAPane) {
  ConsoleView v(header());
  screen(v, 120, 30);
  v.on_key(KeyEvent::click(100, 20));
  EXPECT_EQ(v.focus(), app::kLogsPane);
}

TEST(ConsoleView, TinyAndResizedScreensNeverBreak) {
  ConsoleView v(header());
  for (auto [w, h] : {std::pair{1, 1}, {5, 3}, {20, 5}, {200, 60}, {80, 24}, {0, 0}}) {
    ui::CellGrid g(w, h);
    v.render(g, "03:14 UTC", 3, false);
    EXPECT_EQ(g.width(), w);
  }
}

TEST(ConsoleView, UnboundAltKeyIsEscapeThenTheKey) {
  ConsoleView v(header());
  v.on_key(KeyEvent::character('?'));
  v.on_key(KeyEvent::of(Key::Escape));
  KeyEvent alt_colon = KeyEvent::character(':');
  alt_colon.alt = true;
  v.on_key(KeyEvent::of(Key::Enter));  // zoom
  v.on_key(alt_colon);                 // Esc (unzoom) + ':' (palette)
  EXPECT_EQ(v.zoomed(), -1);
  EXPECT_NE(screen(v, 80, 24).find("\n:"), std::string::npos);
}

TEST(ConsoleView, EnterOnAZoomedPaneOpensTheDetailViewThroughTheHook) {
  ConsoleView v(header());
  auto src = std::make_shared<ui::VectorTableSource>(std::vector<ui::Column>{{"NAME", 8, 20, 0, false}});
  src->set_rows({{{"api-1"}}}, {"i-0abc"});
  v.pane(app::kInstancesPane).set_source(src);
  v.on_open = [&](int pane, const std::string& key) {
    EXPECT_EQ(pane, app::kInstancesPane);
    v.show_detail("Instance " + key, nlohmann::json{{"InstanceId", key}, {"State", {{"Name", "running"}}}});
    return Outcome::Redraw;
  };
  v.on_key(KeyEvent::of(Key::Enter));  // zoom
  v.on_key(KeyEvent::of(Key::Enter));  // open
  ASSERT_TRUE(v.detail_open());
  std::string s = screen(v, 80, 12);
  EXPECT_NE(s.find("Instance i-0abc  (/ search"), std::string::npos) << s;
  EXPECT_NE(s.find("\"InstanceId\": \"i-0abc\","), std::string::npos) << s;
  v.on_key(KeyEvent::character('/'));
  type(v, "running");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(v.on_key(KeyEvent::character('q')), Outcome::Redraw);  // q closes the detail, not the app
  EXPECT_FALSE(v.detail_open());
}
