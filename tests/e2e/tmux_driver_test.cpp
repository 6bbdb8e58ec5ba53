// Proves the tmux driver (tests/support/tmux_session.hpp): what a program draws is read
// back, keys reach it byte for byte, resizes reach it, and its exit status is reported.
// Until the console lands the programs are small shell scripts; the last test drives the
// real opsdeck binary.

#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <thread>

#include "tests/support/tmux_session.hpp"

using namespace std::chrono_literals;
using opsdeck::testing::TmuxOptions;
using opsdeck::testing::TmuxSession;

namespace {

std::vector<std::string> sh(const std::string& script) { return {"/bin/sh", "-c", script}; }

std::string line_of(const std::string& screen, int row) {
  size_t start = 0;
  for (int i = 0; i < row; ++i) {
    start = screen.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  return screen.substr(start, screen.find('\n', start) - start);
}

TmuxOptions sized(int columns, int rows) {
  TmuxOptions o;
  o.columns = columns;
  o.rows = rows;
  return o;
}

}  // namespace

TEST(TmuxDriver, ReadsBackWhatTheProgramDrewWhereItDrewIt) {
  TmuxSession t(sh("printf '\\033[2J\\033[5;10Hdrawn at row 5'; printf '\\033[1;31m\\033[8;1Hred'; sleep 30"),
                sized(60, 12));
  auto w = t.wait_for_text("drawn at row 5");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_EQ(line_of(w.screen, 4), "         drawn at row 5") << TmuxSession::framed(w.screen);
  ASSERT_TRUE(t.wait_for_text("red"));
  EXPECT_NE(t.screen(true).find("\033[1m\033[31mred"), std::string::npos) << t.screen(true);
  EXPECT_EQ(t.size(), std::make_pair(60, 12));
  EXPECT_FALSE(t.exit_status().has_value());
}

TEST(TmuxDriver, LiteralTextReachesTheProgramAndItsEchoIsRead) {
  TmuxSession t(sh("stty -echo; printf 'ready> '; IFS= read -r line; printf '\\ngot:[%s]\\n' \"$line\"; sleep 30"));
  ASSERT_TRUE(t.wait_for_text("ready>"));
  t.send_text("i-0abc 'quoted' $HOME ;");
  t.send_keys({"Enter"});
  auto w = t.wait_for_text("got:[");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_NE(w.screen.find("got:[i-0abc 'quoted' $HOME ;]"), std::string::npos) << TmuxSession::framed(w.screen);
}

TEST(TmuxDriver, NamedKeysArriveAsTheTerminalsBytes) {
  // Raw mode: every byte the keys produce is shown in hex. Tab, C-c, Up, BTab, Escape.
  TmuxSession t(sh("stty raw -echo; printf 'raw\\r\\n'; bytes=$(head -c 10 | od -An -tx1 | tr -s ' \\n' ' ');"
                   " stty sane; printf 'bytes:%s:end\\n' \"$bytes\"; sleep 30"));
  ASSERT_TRUE(t.wait_for_text("raw"));
  t.send_keys({"Tab", "C-c", "Up", "BTab", "Escape", ";"});
  auto w = t.wait_for_text(":end");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_NE(w.screen.find("bytes: 09 03 1b 5b 41 1b 5b 5a 1b 3b :end"), std::string::npos)
      << TmuxSession::framed(w.screen);
}

TEST(TmuxDriver, MouseEventsFollowTheModeTheProgramAskedFor) {
  // SGR (1006) mode: a left click at column 4, row 2 (0-based) and a wheel-up.
  TmuxSession sgr(sh("printf '\\033[?1000h\\033[?1006h'; stty raw -echo; printf 'mouse\\r\\n';"
                     " b=$(head -c 28 | od -An -c | tr -s ' \\n' ' '); stty sane; printf 'got:%s:end\\n' \"$b\"; sleep 30"));
  ASSERT_TRUE(sgr.wait_for_text("mouse"));
  EXPECT_TRUE(sgr.click(4, 2));
  EXPECT_TRUE(sgr.wheel(4, 2, true));
  auto w = sgr.wait_for_text(":end");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_NE(w.screen.find("got: 033 [ < 0 ; 5 ; 3 M 033 [ < 0 ; 5 ; 3 m 033 [ < 6 4 ; 5 ; 3 M :end"), std::string::npos)
      << TmuxSession::framed(w.screen);

  // Classic mode (1000 only): ESC [ M, then button, column and row as 32 + value.
  TmuxSession x10(sh("printf '\\033[?1000h'; stty raw -echo; printf 'mouse\\r\\n';"
                     " b=$(head -c 6 | od -An -tx1 | tr -s ' \\n' ' '); stty sane; printf 'got:%s:end\\n' \"$b\"; sleep 30"));
  ASSERT_TRUE(x10.wait_for_text("mouse"));
  EXPECT_TRUE(x10.click(9, 0));
  w = x10.wait_for_text(":end");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_NE(w.screen.find("got: 1b 5b 4d 20 2a 21 :end"), std::string::npos) << TmuxSession::framed(w.screen);

  // No mouse mode: nothing is sent.
  TmuxSession none(sh("printf 'plain\\n'; sleep 30"));
  ASSERT_TRUE(none.wait_for_text("plain"));
  EXPECT_FALSE(none.click(1, 1));
}

TEST(TmuxDriver, PassesEnvironmentAndWorkingDirectory) {
  opsdeck::testing::TempDir dir;
  TmuxSession t(sh("printf 'env=%s term=%s cwd=%s\\n' \"$OPSDECK_PROBE\" \"$TERM\" \"$(pwd)\"; sleep 30"),
                [&] {
                  TmuxOptions o;
                  o.env = {{"OPSDECK_PROBE", "demo value"}};
                  o.cwd = dir.path();
                  return o;
                }());
  auto w = t.wait_for_text("env=");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  std::string expected = "env=demo value term=screen-256color cwd=" + dir.path().string();
  EXPECT_NE(w.screen.find(expected), std::string::npos) << expected << "\n" << TmuxSession::framed(w.screen);
}

TEST(TmuxDriver, ResizeReachesTheProgram) {
  TmuxSession t(sh("while IFS= read -r _; do printf 'size %s\\n' \"$(stty size)\"; done"),
                sized(80, 24));
  t.send_keys({"Enter"});
  ASSERT_TRUE(t.wait_for_text("size 24 80"));
  t.resize(200, 60);
  EXPECT_EQ(t.size(), std::make_pair(200, 60));
  t.send_keys({"Enter"});
  auto w = t.wait_for_text("size 60 200");
  EXPECT_TRUE(w) << TmuxSession::framed(w.screen);
}

TEST(TmuxDriver, ReportsExitStatusAndKeepsTheLastFrame) {
  TmuxSession t(sh("printf 'last words\\n'; read -r _; exit 7"));
  ASSERT_TRUE(t.wait_for_text("last words"));
  EXPECT_FALSE(t.exit_status().has_value());
  t.send_keys({"Enter"});
  auto e = t.wait_for_exit();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->status, 7);
  EXPECT_EQ(e->signal, 0);
  EXPECT_NE(t.screen().find("last words"), std::string::npos) << TmuxSession::framed(t.screen());
}

TEST(TmuxDriver, ReportsDeathBySignal) {
  TmuxSession t(sh("kill -SEGV $$"));
  auto e = t.wait_for_exit();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->signal, 11);
  EXPECT_EQ(e->status, 139);
}

TEST(TmuxDriver, WaitFailsWithTheLastScreenOnTimeout) {
  TmuxSession t(sh("printf 'something else\\n'; sleep 30"));
  ASSERT_TRUE(t.wait_for_text("something else"));
  auto w = t.wait_for_regex(std::regex("never [0-9]+"), 300ms);
  EXPECT_FALSE(w);
  EXPECT_NE(w.screen.find("something else"), std::string::npos);
}

// The pattern e2e tests use to check that a program restored the terminal: run it under
// a shell that prints `stty -a` afterwards. Here one program leaves raw mode behind
// (killed) and one restores it, and the check tells them apart.
TEST(TmuxDriver, TellsARawTerminalLeftBehindFromARestoredOne) {
  TmuxSession crashed(sh("sh -c 'stty raw -echo; kill -KILL $$'; stty -a | tr ' ' '\\n' | grep -x -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo; sleep 30"));
  auto w = crashed.wait_for_text("icanon");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_NE(w.screen.find("-icanon"), std::string::npos) << TmuxSession::framed(w.screen);

  TmuxSession restored(sh("sh -c 'trap \"stty sane; exit 1\" TERM; stty raw -echo; kill -TERM $$'; stty -a | tr ' ' '\\n' | grep -x -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo; sleep 30"));
  w = restored.wait_for_text("icanon");
  ASSERT_TRUE(w) << TmuxSession::framed(w.screen);
  EXPECT_EQ(w.screen.find("-icanon"), std::string::npos) << TmuxSession::framed(w.screen);
  EXPECT_EQ(w.screen.find("-echo "), std::string::npos) << TmuxSession::framed(w.screen);
}

TEST(TmuxDriver, RunsTheRealBinary) {
  TmuxSession t({OPSDECK_BINARY, "--version"});
  auto e = t.wait_for_exit();
  ASSERT_TRUE(e.has_value()) << TmuxSession::framed(t.screen());
  EXPECT_EQ(e->status, 0);
  EXPECT_NE(t.screen().find("opsdeck "), std::string::npos) << TmuxSession::framed(t.screen());
}

TEST(TmuxDriver, DestructorStopsTheProgram) {
  int pid = -1;
  {
    TmuxSession t(sh("trap '' HUP; printf 'stubborn\\n'; while :; do sleep 1; done"));
    ASSERT_TRUE(t.wait_for_text("stubborn"));
    pid = t.pid();
    ASSERT_GT(pid, 0);
  }
  bool gone = false;
  for (int i = 0; i < 40 && !gone; ++i) {
    // A zombie (not yet reaped by whoever inherited it) counts as gone.
    std::string stat = opsdeck::testing::read_file("/proc/" + std::to_string(pid) + "/stat");
    gone = ::kill(pid, 0) != 0 || stat.find(") Z ") != std::string::npos;
    if (!gone) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(gone) << "pid " << pid << " still running";
}
