// Widgets rendered into the grid with fixed data and compared as text.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "widgets/confirm_dialog.hpp"
#include "widgets/help_overlay.hpp"
#include "widgets/json_view.hpp"
#include "widgets/key_hint_bar.hpp"
#include "widgets/layout.hpp"
#include "widgets/menu.hpp"
#include "widgets/sparkline.hpp"
#include "widgets/status_line.hpp"

using namespace opsdeck::ui;

TEST(Layout, TwoByTwoWhenWideStackedWhenNarrowZoomOne) {
  auto wide = pane_rects({0, 1, 120, 20}, 4);
  EXPECT_EQ(wide[0].w, 60);
  EXPECT_EQ(wide[1].x, 60);
  EXPECT_EQ(wide[2].y, 11);
  EXPECT_EQ(wide[3].h, 10);
  auto narrow = pane_rects({0, 0, 99, 21}, 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(narrow[static_cast<std::size_t>(i)].w, 99);
  EXPECT_EQ(narrow[0].h, 6);
  EXPECT_EQ(narrow[3].y, 16);
  auto zoom = pane_rects({0, 0, 80, 20}, 4, 2);
  EXPECT_TRUE(zoom[0].empty());
  EXPECT_EQ(zoom[2].w, 80);
  EXPECT_EQ(zoom[2].h, 20);
  Rect r{0, 0, 10, 10};
  EXPECT_EQ(take_top(r, 1).h, 1);
  EXPECT_EQ(take_bottom(r, 2).y, 8);
  EXPECT_EQ(r.h, 7);
}

TEST(Sparkline, BlocksAndAsciiFallback) {
  std::vector<double> v{0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(sparkline(v, 8), "▁▂▃▄▅▆▇█");
  EXPECT_EQ(sparkline(v, 8, true), "_.:-=+*#");
  EXPECT_EQ(sparkline(v, 3), "▆▇█");  // the newest values that fit
  EXPECT_EQ(sparkline({5, NAN, 5}, 3), "█ █");
  CellGrid g(6, 1);
  EXPECT_EQ(draw_sparkline(g, 1, 0, {1, 2}, 4, Role::Graph), 2);
  EXPECT_EQ(g.row_text(0), " ▅█");  // scaled from 0: 1 of 2 is half height
  EXPECT_EQ(g.at(1, 0).role, Role::Graph);
}

TEST(LineGraph, AsciiWithThresholdAndLabels) {
  CellGrid g(12, 4);
  GraphOptions o;
  o.ascii = true;
  o.threshold = 80;
  o.min = 0;
  o.max = 100;
  draw_line_graph(g, g.bounds(), {0, 20, 50, 100, 100, 10}, o);
  EXPECT_EQ(g.to_text(),
            "100      ***\n"
            "    -----*-*\n"
            "       *** *\n"
            "0     **   *\n");  // steps are joined vertically so the line stays connected
  EXPECT_EQ(g.at(4, 1).role, Role::Threshold);
  EXPECT_EQ(g.at(9, 0).role, Role::Graph);
}

TEST(LineGraph, BrailleDots) {
  CellGrid g(2, 1);
  GraphOptions o;
  o.labels = false;
  o.min = 0;
  o.max = 3;
  draw_line_graph(g, g.bounds(), {0, 3, 3, 0}, o);
  // Four points across two braille cells (2 dots wide each), joined vertically.
  EXPECT_EQ(g.to_text(), "⣸⢹\n");
}

TEST(StatusLine, SeverityRoleSanitisedTextAndExpiry) {
  StatusLine s;
  auto t0 = StatusLine::Clock::now();
  s.show(Severity::Error, "ThrottlingException: Rate exceeded\x1b[2J", t0);
  CellGrid g(60, 1);
  s.render(g, g.bounds(), "3/10");
  EXPECT_EQ(g.row_text(0), " ThrottlingException: Rate exceeded␛[2J                 3/10");
  EXPECT_EQ(g.at(1, 0).role, Role::StatusError);
  EXPECT_FALSE(s.expire(t0 + std::chrono::hours(1)));  // errors stay
  s.show(Severity::Info, "copied", t0);
  EXPECT_FALSE(s.expire(t0 + std::chrono::seconds(1)));
  EXPECT_TRUE(s.expire(t0 + std::chrono::seconds(9)));
  EXPECT_TRUE(s.text().empty());
}

TEST(KeyHintBar, DropsHintsThatDoNotFit) {
  CellGrid g(30, 1);
  render_key_hints(g, g.bounds(), {{"<tab>", "pane"}, {"/", "filter"}, {"?", "help"}, {"q", "quit"}});
  EXPECT_EQ(g.row_text(0), " <tab> pane  / filter  ? help");
  EXPECT_EQ(g.at(1, 0).role, Role::KeyHint);
  EXPECT_EQ(g.at(7, 0).role, Role::Dim);
}

TEST(HelpOverlay, GeneratedFromTheKeyMap) {
  KeyMap m;
  m.bind({"q", "quit", "Quit", "global", "quit"});
  m.bind({"<c-c>", "quit", "Quit", "global", ""});
  m.bind({"j", "down", "Next row", "table", ""});
  HelpOverlay h;
  h.open();
  CellGrid g(40, 8);
  h.render(g, g.bounds(), m, true);
  EXPECT_EQ(g.to_text(),
            "\n"
            "       +- Help — Esc to close -+\n"
            "       | global                |\n"
            "       |  q <c-c>  Quit        |\n"
            "       | table                 |\n"
            "       |  j        Next row    |\n"
            "       +-----------------------+\n"
            "\n");
  EXPECT_EQ(h.handle_key(KeyEvent::character('x')), Outcome::Handled);  // modal
  EXPECT_EQ(h.handle_key(KeyEvent::of(Key::Escape)), Outcome::Redraw);
  EXPECT_FALSE(h.is_open());
}

TEST(JsonView, ColouredPrettyPrintAndSearch) {
  JsonView v;
  v.set_text(R"({"InstanceId":"i-0abc","State":{"Name":"running","Code":16},"Tags":[],"Ebs":true,"X":null})");
  CellGrid g(40, 10);
  v.render(g, g.bounds());
  EXPECT_EQ(g.to_text(),
            "{\n"
            "  \"Ebs\": true,\n"
            "  \"InstanceId\": \"i-0abc\",\n"
            "  \"State\": {\n"
            "    \"Code\": 16,\n"
            "    \"Name\": \"running\"\n"
            "  },\n"
            "  \"Tags\": [],\n"
            "  \"X\": null\n"
            "}\n");
  EXPECT_EQ(g.at(0, 0).role, Role::JsonPunct);
  EXPECT_EQ(g.at(3, 1).role, Role::JsonKey);
  EXPECT_EQ(g.at(9, 1).role, Role::JsonLiteral);
  EXPECT_EQ(g.at(17, 2).role, Role::JsonString);
  EXPECT_EQ(g.at(13, 4).role, Role::JsonNumber);
  EXPECT_TRUE(v.set_search("running"));
  EXPECT_EQ(v.match_line(), 5);
  v.set_search("\"");  // searches on from where the view is, like vim
  EXPECT_EQ(v.match_line(), 5);
  v.handle_key(KeyEvent::character('n'));
  EXPECT_EQ(v.match_line(), 7);  // line 6 is "},"
  v.handle_key(KeyEvent::character('N'));
  v.handle_key(KeyEvent::character('N'));
  EXPECT_EQ(v.match_line(), 4);
  v.set_search("Code");
  v.handle_key(KeyEvent::character('n'));
  EXPECT_EQ(v.match_line(), 4);  // wraps around to the only match
  EXPECT_FALSE(v.set_search("nothing-here"));
}

TEST(JsonView, RemoteStringsCannotEscape) {
  JsonView v;
  nlohmann::json doc = {{"msg", "\x1b]0;owned\x07 \xC2\x9B" "2J"}};
  v.set_document(doc);
  CellGrid g(60, 3);
  v.render(g, g.bounds());
  EXPECT_EQ(g.row_text(1), "  \"msg\": \"\\u001b]0;owned\\u0007 \\x9b2J\"");
}

TEST(JsonView, NonJsonTextIsShownAsLines) {
  JsonView v;
  v.set_text("line one\nline\ttwo");
  ASSERT_EQ(v.lines().size(), 2u);
  EXPECT_EQ(v.lines()[1].plain, "line    two");
}

TEST(ConfirmDialog, YesNoDefaultsToNo) {
  ConfirmDialog d("Stop instance", {"Stop i-0abc (api-1)?"});
  CellGrid g(40, 7);
  d.render(g, g.bounds(), true);
  EXPECT_EQ(g.to_text(),
            "     +- Stop instance ------------+\n"
            "     |                            |\n"
            "     | Stop i-0abc (api-1)?       |\n"
            "     |                            |\n"
            "     |      [ No ]   [ Yes ]      |\n"
            "     +----------------------------+\n"
            "\n");
  d.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(d.state(), ConfirmDialog::State::Cancelled);
  ConfirmDialog y("Stop", {"sure?"});
  y.handle_key(KeyEvent::of(Key::Tab));
  y.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(y.state(), ConfirmDialog::State::Confirmed);
  ConfirmDialog k("Stop", {"sure?"});
  k.handle_key(KeyEvent::character('y'));
  EXPECT_EQ(k.state(), ConfirmDialog::State::Confirmed);
}

TEST(ConfirmDialog, TypedConfirmationNeedsTheExactWord) {
  ConfirmDialog d("Reboot database", {"Reboot prod-db in PRODUCTION?"}, "prod");
  for (char c : std::string("pro")) d.handle_key(KeyEvent::character(static_cast<char32_t>(c)));
  d.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_TRUE(d.pending());
  CellGrid g(50, 9);
  d.render(g, g.bounds(), true);
  EXPECT_NE(g.to_text().find("Type prod to confirm"), std::string::npos);
  EXPECT_NE(g.to_text().find("> pro"), std::string::npos);
  EXPECT_NE(g.to_text().find("does not match"), std::string::npos);
  EXPECT_EQ(d.handle_key(KeyEvent::character('y')), Outcome::Redraw);  // 'y' is just a letter here
  d.handle_key(KeyEvent::of(Key::Backspace));
  d.handle_key(KeyEvent::character('d'));
  d.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(d.state(), ConfirmDialog::State::Confirmed);
  ConfirmDialog c("x", {"y"}, "prod");
  c.handle_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(c.state(), ConfirmDialog::State::Cancelled);
}

TEST(Menu, ChoosesSkipsDisabledAndRenders) {
  Menu m("Actions", {{"Start", 's', false, "running"}, {"Stop", 'S', true, ""}, {"Reboot", 'r', true, ""}});
  EXPECT_EQ(m.selected(), 1u);  // the first enabled item
  CellGrid g(34, 5);
  m.render(g, g.bounds(), true);
  EXPECT_EQ(g.to_text(),
            "      +- Actions ---------+\n"
            "      | s Start (running) |\n"
            "      | S Stop            |\n"
            "      | r Reboot          |\n"
            "      +-------------------+\n");
  m.handle_key(KeyEvent::character('j'));
  m.handle_key(KeyEvent::character('j'));  // wraps past the disabled item
  EXPECT_EQ(m.selected(), 1u);
  m.handle_key(KeyEvent::character('s'));  // disabled shortcut does nothing
  EXPECT_TRUE(m.open());
  m.handle_key(KeyEvent::character('r'));
  EXPECT_FALSE(m.open());
  EXPECT_EQ(m.chosen(), 2u);
}
