#include <gtest/gtest.h>

#include "widgets/key_event.hpp"
#include "widgets/key_map.hpp"
#include "widgets/prompt.hpp"

using namespace opsdeck::ui;

namespace {
void type(Prompt& p, std::string_view s) {
  for (char c : s) p.handle_key(KeyEvent::character(static_cast<unsigned char>(c)));
}
}  // namespace

TEST(KeyEvent, NamesRoundTrip) {
  for (const char* n : {"q", "G", "<enter>", "<s-tab>", "<c-r>", "<a-x>", "<pgdn>", "<f5>", "<space>", "é", "<esc>"}) {
    auto e = KeyEvent::parse(n);
    ASSERT_TRUE(e) << n;
    EXPECT_EQ(e->name(), n);
  }
  EXPECT_EQ(KeyEvent::parse("<s-tab>")->key, Key::BackTab);
  EXPECT_TRUE(KeyEvent::parse("<c-d>")->ctrl);
  EXPECT_FALSE(KeyEvent::parse("<nonsense>"));
  EXPECT_FALSE(KeyEvent::parse("ab"));
  EXPECT_EQ(KeyEvent::of(Key::Mouse).name(), "");
}

TEST(KeyMap, LooksUpByContextAndRebinds) {
  KeyMap m;
  m.bind({"q", "quit", "Quit", "global", "quit"});
  m.bind({"j", "table.down", "Next row", "table", ""});
  m.bind({"<Down>", "table.down", "Next row", "table", ""});  // not a valid name: kept verbatim
  EXPECT_EQ(m.lookup(KeyEvent::character('q'), "table"), "quit");  // falls back to global
  EXPECT_EQ(m.lookup(KeyEvent::character('j'), "table"), "table.down");
  EXPECT_FALSE(m.lookup(KeyEvent::character('j'), "global"));
  EXPECT_EQ(m.rebind("quit", {"<c-q>", "Q"}), "");
  EXPECT_FALSE(m.lookup(KeyEvent::character('q')));
  EXPECT_EQ(m.lookup(KeyEvent::control('q')), "quit");
  EXPECT_EQ(m.keys_for("quit"), "<c-q>/Q");
  EXPECT_NE(m.rebind("quit", {"<bogus>"}), "");
  EXPECT_EQ(m.keys_for("quit"), "<c-q>/Q");  // unchanged on error
  EXPECT_NE(m.rebind("nope", {"x"}), "");
}

TEST(Prompt, EditsMovesAndSubmits) {
  Prompt p(":");
  p.start();
  type(p, "ec3");
  p.handle_key(KeyEvent::of(Key::Backspace));
  type(p, "2");
  p.handle_key(KeyEvent::of(Key::Home));
  type(p, "x");
  p.handle_key(KeyEvent::of(Key::Delete));
  EXPECT_EQ(p.text(), "xc2");
  p.handle_key(KeyEvent::of(Key::Right));
  p.handle_key(KeyEvent::control('u'));  // kills to the start of the line
  EXPECT_EQ(p.text(), "2");
  p.handle_key(KeyEvent::control('e'));
  p.handle_key(KeyEvent::of(Key::Backspace));
  type(p, "logs /aws/api");
  p.handle_key(KeyEvent::control('w'));
  EXPECT_EQ(p.text(), "logs ");
  CellGrid g(20, 1);
  p.render(g, g.bounds());
  EXPECT_EQ(g.row_text(0), ":logs");
  EXPECT_EQ(g.at(6, 0).role, Role::Selected);  // the cursor cell
  p.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(p.state(), Prompt::State::Submitted);
  EXPECT_EQ(p.history().back(), "logs ");
}

TEST(Prompt, HistoryBrowsesAndKeepsTheDraft) {
  Prompt p;
  for (const char* line : {"ec2", "rds"}) {
    p.start();
    type(p, line);
    p.handle_key(KeyEvent::of(Key::Enter));
  }
  p.start();
  type(p, "al");
  p.handle_key(KeyEvent::of(Key::Up));
  EXPECT_EQ(p.text(), "rds");
  p.handle_key(KeyEvent::of(Key::Up));
  EXPECT_EQ(p.text(), "ec2");
  p.handle_key(KeyEvent::of(Key::Down));
  p.handle_key(KeyEvent::of(Key::Down));
  EXPECT_EQ(p.text(), "al");
  p.handle_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(p.state(), Prompt::State::Cancelled);
}

TEST(Prompt, CompletesCommonPrefixThenCycles) {
  Prompt p;
  p.set_completer([](std::string_view t) {
    std::vector<std::string> all{"secrets", "sg", "sqs", "ec2"}, out;
    for (auto& c : all)
      if (c.starts_with(t)) out.push_back(c);
    return out;
  });
  p.start();
  type(p, "e");
  p.handle_key(KeyEvent::of(Key::Tab));
  EXPECT_EQ(p.text(), "ec2");
  p.start();
  type(p, "s");
  p.handle_key(KeyEvent::of(Key::Tab));
  EXPECT_EQ(p.text(), "secrets");  // no longer common prefix: cycle from the first
  EXPECT_EQ(p.candidates().size(), 3u);
  p.handle_key(KeyEvent::of(Key::Tab));
  EXPECT_EQ(p.text(), "sg");
  CellGrid g(30, 1);
  p.render(g, g.bounds());
  EXPECT_EQ(g.row_text(0), ":sg  secrets  sg  sqs");
}

TEST(Prompt, WideCharactersMoveAsOneAndLongTextScrolls) {
  Prompt p("/");
  p.start();
  p.handle_key(KeyEvent::character(U'日'));
  p.handle_key(KeyEvent::character(U'本'));
  p.handle_key(KeyEvent::of(Key::Left));
  p.handle_key(KeyEvent::of(Key::Backspace));
  EXPECT_EQ(p.text(), "本");
  p.start(std::string(40, 'a') + "END");
  CellGrid g(10, 1);
  p.render(g, g.bounds());
  EXPECT_EQ(g.row_text(0), "/aaaaaEND");  // the cursor end stays visible
}

TEST(Prompt, MaskedTextIsDrawnAsStarsAndNotKeptInHistory) {
  Prompt p("value: ");
  p.set_masked(true);
  p.start();
  for (char c : std::string("hunter2")) p.handle_key(KeyEvent::character(static_cast<unsigned char>(c)));
  CellGrid g(40, 1);
  p.render(g, g.bounds());
  EXPECT_EQ(g.to_text().find("hunter2"), std::string::npos);
  EXPECT_NE(g.to_text().find("value: *******"), std::string::npos) << g.to_text();
  p.handle_key(KeyEvent::of(Key::Enter));
  EXPECT_EQ(p.text(), "hunter2");
  EXPECT_TRUE(p.history().empty());
}
