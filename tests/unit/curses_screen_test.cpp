// The curses backend on a real pseudo-terminal: what it writes and how it decodes keys.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "widgets/curses_screen.hpp"

using namespace opsdeck::ui;

namespace {

class Pty : public ::testing::Test {
 protected:
  void SetUp() override {
    winsize ws{};
    ws.ws_row = 10;
    ws.ws_col = 40;
    ASSERT_EQ(::openpty(&master_, &slave_, nullptr, nullptr, &ws), 0);
    ::fcntl(master_, F_SETFL, O_NONBLOCK);
    out_ = ::fdopen(::dup(slave_), "w");
    in_ = ::fdopen(::dup(slave_), "r");
    ScreenOptions o;
    o.force_ascii = true;  // independent of the test's locale
    std::string error;
    screen_ = CursesScreen::open_on(out_, in_, "xterm-256color", Theme::builtin_dark(), o, error);
    ASSERT_TRUE(screen_) << error;
  }
  void TearDown() override {
    screen_.reset();
    if (out_) std::fclose(out_);
    if (in_) std::fclose(in_);
    ::close(master_);
    ::close(slave_);
  }
  std::string drain() {
    std::string got;
    char buf[4096];
    for (int i = 0; i < 50; ++i) {
      ssize_t n = ::read(master_, buf, sizeof buf);
      if (n > 0) {
        got.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0 && !got.empty()) break;
    }
    return got;
  }
  std::optional<KeyEvent> key_after(const std::string& bytes) {
    EXPECT_EQ(::write(master_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    pollfd p{screen_->input_fd(), POLLIN, 0};
    ::poll(&p, 1, 1000);
    ::usleep(60 * 1000);  // longer than the escape delay, so a lone ESC is complete
    return screen_->read_key();
  }

  int master_ = -1, slave_ = -1;
  std::FILE* out_ = nullptr;
  std::FILE* in_ = nullptr;
  std::unique_ptr<CursesScreen> screen_;
};

}  // namespace

TEST_F(Pty, FlushesTheGridAndThenOnlyChangedCells) {
  EXPECT_EQ(screen_->width(), 40);
  EXPECT_EQ(screen_->height(), 10);
  CellGrid g(40, 10);
  g.frame({0, 0, 20, 4}, Role::Border, "Alarms");
  g.put(2, 1, "hello │ 日本", Role::StateBad);
  screen_->flush(g);
  EXPECT_EQ(screen_->last_flush_cells(), 400u);
  std::string out = drain();
  EXPECT_NE(out.find("+- Alarms -"), std::string::npos);
  EXPECT_NE(out.find("hello | ?"), std::string::npos);  // ASCII fallback, wide char as '?'
  screen_->flush(g);
  EXPECT_EQ(screen_->last_flush_cells(), 0u);
  g.put(2, 2, "x", Role::Default);
  screen_->flush(g);
  EXPECT_EQ(screen_->last_flush_cells(), 1u);
  EXPECT_NE(drain().find('x'), std::string::npos);
}

TEST_F(Pty, DecodesKeys) {
  EXPECT_EQ(key_after("q"), KeyEvent::character('q'));
  EXPECT_EQ(key_after("\x1b[Z"), KeyEvent::of(Key::BackTab));
  EXPECT_EQ(key_after("\x1b[6~"), KeyEvent::of(Key::PageDown));
  EXPECT_EQ(key_after("\x1b[5~"), KeyEvent::of(Key::PageUp));
  EXPECT_EQ(key_after("\t"), KeyEvent::of(Key::Tab));
  EXPECT_EQ(key_after("\r"), KeyEvent::of(Key::Enter));
  EXPECT_EQ(key_after("\x04"), KeyEvent::control('d'));
  EXPECT_EQ(key_after("\x7f"), KeyEvent::of(Key::Backspace));
  EXPECT_EQ(key_after("\x1b"), KeyEvent::of(Key::Escape));
  KeyEvent alt = KeyEvent::character('x');
  alt.alt = true;
  EXPECT_EQ(key_after("\x1bx"), alt);
  if (MB_CUR_MAX > 1) {  // UTF-8 locale
    EXPECT_EQ(key_after("\xc3\xa9"), KeyEvent::character(U'é'));
  }
  EXPECT_FALSE(screen_->read_key());
}
