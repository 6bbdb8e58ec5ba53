// The console's dialog for a gate question: what it shows and the answer it hands to
// ActionGate::resolve().
#include <gtest/gtest.h>

#include "app/console/gate_question.hpp"
#include "widgets/cell_grid.hpp"

namespace opsdeck::app {
namespace {

using ui::Key;
using ui::KeyEvent;

GateDecision question(GateVerdict verdict, std::string typed = {}) {
  GateDecision d;
  d.verdict = verdict;
  d.typed_name = std::move(typed);
  d.lines = {"stop i-0abc (api-1)\x1b[31m"};  // a line from AWS data: shown display-safe
  return d;
}

std::string screen(const GateQuestion& q) {
  ui::CellGrid g(100, 14);
  q.render(g, true);
  return g.to_text();
}

TEST(GateQuestion, YesNoInProductionNamesTheEnvironmentAndAnswersY) {
  GateQuestion q;
  EXPECT_FALSE(q.open());
  q.ask(question(GateVerdict::NeedsYesNo), "prod", "Shell in production", {"extra line"}, "y to open it");
  ASSERT_TRUE(q.open());
  const std::string s = screen(q);
  EXPECT_NE(s.find("PRODUCTION environment prod: y to open it"), std::string::npos) << s;
  EXPECT_NE(s.find("extra line"), std::string::npos) << s;
  EXPECT_EQ(s.find('\x1b'), std::string::npos) << "an escape from AWS data reached the screen";
  EXPECT_FALSE(q.on_key(KeyEvent::character('x')).has_value());  // still open
  auto a = q.on_key(KeyEvent::character('y'));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, "y");
  EXPECT_FALSE(q.open());
}

TEST(GateQuestion, OutsideProductionTheHintStandsAlone) {
  GateQuestion q;
  q.ask(question(GateVerdict::NeedsYesNo), "", "Destructive step");
  const std::string s = screen(q);
  EXPECT_EQ(s.find("PRODUCTION"), std::string::npos) << s;
  EXPECT_NE(s.find("y to confirm, n or Esc to cancel"), std::string::npos) << s;
  auto a = q.on_key(KeyEvent::of(Key::Escape));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, "") << "declined";
}

TEST(GateQuestion, TypedNameIsTheAnswerOnlyWhenTypedExactly) {
  GateQuestion q;
  q.ask(question(GateVerdict::NeedsTypedName, "prod-eu"), "prod-eu", "Port forward in production");
  EXPECT_NE(screen(q).find("the name must be typed"), std::string::npos);
  EXPECT_FALSE(q.on_key(KeyEvent::character('y')).has_value());  // a letter of the name, not yes
  EXPECT_FALSE(q.on_key(KeyEvent::of(Key::Enter)).has_value());  // "y" does not match
  q.on_key(KeyEvent::of(Key::Backspace));
  std::optional<std::string> a;
  for (char c : std::string("prod-eu")) EXPECT_FALSE(q.on_key(KeyEvent::character(static_cast<char32_t>(c))));
  a = q.on_key(KeyEvent::of(Key::Enter));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, "prod-eu");
  // Asked again and refused: the answer is empty, whatever was typed.
  q.ask(question(GateVerdict::NeedsTypedName, "prod-eu"), "prod-eu", "x");
  for (char c : std::string("prod-eu")) q.on_key(KeyEvent::character(static_cast<char32_t>(c)));
  a = q.on_key(KeyEvent::of(Key::Escape));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(*a, "");
}

}  // namespace
}  // namespace opsdeck::app
