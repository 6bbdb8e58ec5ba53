// SecretDialog: the passphrase dialog shows one '*' per character typed, never the text,
// and hands the text over once on Enter; Esc and Ctrl-U drop it.
#include <gtest/gtest.h>

#include "widgets/secret_dialog.hpp"

using namespace opsdeck::ui;

namespace {

void type(SecretDialog& d, const std::string& s) {
  for (char c : s) d.handle_key(KeyEvent::character(static_cast<unsigned char>(c)));
}

}  // namespace

TEST(SecretDialog, MasksTheTextAndSubmitsItOnce) {
  SecretDialog d("Key passphrase", {"Enter the passphrase for key id_lab"});
  type(d, "hunter2x");
  d.handle_key(KeyEvent::of(Key::Backspace));
  CellGrid g(60, 9);
  d.render(g, g.bounds(), true);
  std::string screen = g.to_text();
  EXPECT_EQ(screen.find("hunter"), std::string::npos) << screen;
  EXPECT_NE(screen.find("> *******"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("> ********"), std::string::npos) << screen;
  EXPECT_NE(screen.find("id_lab"), std::string::npos) << screen;
  EXPECT_TRUE(d.pending());
  d.handle_key(KeyEvent::of(Key::Enter));
  ASSERT_EQ(d.state(), SecretDialog::State::Submitted);
  EXPECT_EQ(d.take(), "hunter2");
  EXPECT_EQ(d.take(), "");
}

TEST(SecretDialog, EscapeCancelsAndCtrlUClears) {
  SecretDialog d("Key passphrase", {"k"});
  type(d, "abc");
  d.handle_key(KeyEvent::control('u'));
  type(d, "z");
  CellGrid g(50, 8);
  d.render(g, g.bounds(), true);
  EXPECT_NE(g.to_text().find("> * "), std::string::npos) << g.to_text();
  d.handle_key(KeyEvent::of(Key::Escape));
  EXPECT_EQ(d.state(), SecretDialog::State::Cancelled);
  EXPECT_EQ(d.take(), "");
}
