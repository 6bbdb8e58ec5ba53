// Screens pushed over the console's panes (TableScreen): drawn in place of the panes,
// navigation and the `/` filter act on the screen's table, Enter drills down, Esc clears
// the filter then pops, and the selection reports the screen's resource type and
// document. No terminal, no AWS.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <nlohmann/json.hpp>

#include "app/console/console_view.hpp"
#include "app/console/screens/table_screen.hpp"

using namespace opsdeck;
using app::ConsoleView;
using app::PaneRows;
using app::ResourceType;
using app::TableScreen;
using ui::Key;
using ui::KeyEvent;
using ui::Outcome;

namespace {

std::string screen(ConsoleView& v, int w, int h) {
  ui::CellGrid g(w, h);
  v.render(g, "03:14 UTC", 0, true);
  return g.to_text();
}

void type(ConsoleView& v, std::string_view s) {
  for (char c : s) v.on_key(KeyEvent::character(static_cast<unsigned char>(c)));
}

std::shared_ptr<TableScreen> queues() {
  auto s = std::make_shared<TableScreen>(
      "SQS queues", std::vector<ui::Column>{{"QUEUE", 8, 30, 0}, {"DEPTH", 5, 8, 0}},
      ResourceType::SqsQueue);
  PaneRows rows;
  for (const char* name : {"orders", "orders-dlq", "emails"}) {
    rows.rows.push_back({{name}, {"7"}});
    rows.keys.push_back(std::string("q/") + name);
    rows.documents.push_back({{"QueueName", name}});
  }
  s->set_rows(std::move(rows));
  return s;
}

}  // namespace

TEST(ConsoleScreen, ReplacesThePanesAndEscReturnsToThem) {
  ConsoleView v(app::HeaderInfo{});
  auto s = std::make_shared<TableScreen>("SQS queues",
                                         std::vector<ui::Column>{{"QUEUE", 8, 30, 0}},
                                         ResourceType::SqsQueue);
  v.push_screen(s);
  std::string text = screen(v, 100, 20);
  EXPECT_NE(text.find("SQS queues (0)  loading ..."), std::string::npos) << text;
  EXPECT_EQ(text.find("Instances"), std::string::npos) << text;
  s->set_error("AccessDenied: not allowed");
  text = screen(v, 100, 20);
  EXPECT_NE(text.find("AccessDenied: not allowed"), std::string::npos) << text;
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(v.top_screen(), nullptr);
  EXPECT_NE(screen(v, 100, 20).find("Instances"), std::string::npos);
}

TEST(ConsoleScreen, KeysActOnTheScreenTableAndSelectionHasItsDocument) {
  ConsoleView v(app::HeaderInfo{});
  auto s = queues();
  v.push_screen(s);
  v.on_key(KeyEvent::character('j'));
  auto sel = v.selection();
  EXPECT_EQ(sel.pane, -1);
  EXPECT_EQ(sel.type, ResourceType::SqsQueue);
  EXPECT_EQ(sel.key, "q/orders-dlq");
  ASSERT_NE(sel.document, nullptr);
  EXPECT_EQ((*sel.document)["QueueName"], "orders-dlq");
  // The filter narrows the screen's table, not a pane's; Esc clears it, Esc again pops.
  type(v, "/emails");
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(s->table()->shown_rows(), 1u);
  EXPECT_EQ(v.pane(app::kInstancesPane).table().filter().typed(), "");
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(s->table()->shown_rows(), 3u);
  EXPECT_NE(v.top_screen(), nullptr);
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(v.top_screen(), nullptr);
}

TEST(ConsoleScreen, EnterDrillsDownIntoANewScreen) {
  ConsoleView v(app::HeaderInfo{});
  auto s = queues();
  std::string opened;
  s->on_open = [&](const std::string& key) {
    opened = key;
    v.push_screen(std::make_shared<TableScreen>("Messages of " + key,
                                                std::vector<ui::Column>{{"BODY", 8, 30, 0}},
                                                ResourceType::None));
    return Outcome::Redraw;
  };
  v.push_screen(s);
  v.on_key(KeyEvent::character('G'));
  v.on_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(opened, "q/emails");
  EXPECT_EQ(v.screen_depth(), 2u);
  EXPECT_NE(screen(v, 100, 20).find("Messages of q/emails"), std::string::npos);
  v.on_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(v.screen_depth(), 1u);
  EXPECT_EQ(v.selection().key, "q/emails");  // the selection survived the round trip
}

TEST(ConsoleScreen, ExtraKeysReachTheScreenFirst) {
  ConsoleView v(app::HeaderInfo{});
  auto s = queues();
  std::string revealed;
  s->on_extra_key = [&](const KeyEvent& e, const std::string& key) {
    if (!e.is_char('v')) return Outcome::Ignored;
    revealed = key;
    return Outcome::Redraw;
  };
  s->add_hint({"v", "reveal"});
  v.push_screen(s);
  v.on_key(KeyEvent::character('v'));
  EXPECT_EQ(revealed, "q/orders");
  EXPECT_NE(screen(v, 120, 20).find("v reveal"), std::string::npos);
  // Unhandled keys still reach the console: `q` quits.
  EXPECT_EQ(v.on_key(KeyEvent::character('q')), Outcome::Quit);
}

// `?` over a screen lists that screen's own keys first, then the key map and the commands.
TEST(ConsoleScreen, HelpListsTheKeysOfTheViewOnTopFirst) {
  ConsoleView v(app::HeaderInfo{});
  auto s = queues();
  s->add_hint({"v", "reveal value"});
  v.push_screen(s);
  v.on_key(KeyEvent::character('?'));
  std::string text = screen(v, 100, 40);
  const auto view_heading = text.find("this view: SQS queues");
  ASSERT_NE(view_heading, std::string::npos) << text;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex(" v +reveal value"))) << text;
  const auto reveal = static_cast<std::size_t>(m.position(0));
  EXPECT_LT(view_heading, reveal);
  const auto global = text.find("global");
  ASSERT_NE(global, std::string::npos) << text;
  EXPECT_LT(reveal, global);
  v.on_key(KeyEvent::of(Key::Escape));  // closes help, keeps the screen
  EXPECT_NE(v.top_screen(), nullptr);

  // Without a screen the section is absent.
  v.pop_screen();
  v.on_key(KeyEvent::character('?'));
  EXPECT_EQ(screen(v, 100, 40).find("this view:"), std::string::npos);
}
