// A child process puts a pty into raw mode, arms TerminalRestore, and dies from a signal;
// the pty must be back in cooked mode with the reset sequence written.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "widgets/terminal_restore.hpp"

using opsdeck::ui::TerminalRestore;

class TerminalRestoreOnSignal : public ::testing::TestWithParam<int> {};

TEST_P(TerminalRestoreOnSignal, RestoresModesWritesResetAndDiesFromTheSignal) {
  int sig = GetParam();
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  // AddressSanitizer owns the fault signals in its build: it reports and exits instead.
  if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL)
    GTEST_SKIP() << "the sanitizer handles signal " << sig << " in this build";
#endif
#endif
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  termios before{};
  ASSERT_EQ(::tcgetattr(slave, &before), 0);
  ASSERT_TRUE(before.c_lflag & ICANON);

  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    TerminalRestore::arm(slave);
    TerminalRestore::set_reset_sequence("<RESET>");
    termios raw = before;
    ::cfmakeraw(&raw);
    ::tcsetattr(slave, TCSANOW, &raw);
    ::raise(sig);
    ::_exit(99);  // not reached: the signal's default action ends the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << status;
  EXPECT_EQ(WTERMSIG(status), sig);

  termios after{};
  ASSERT_EQ(::tcgetattr(slave, &after), 0);
  EXPECT_TRUE(after.c_lflag & ICANON);
  EXPECT_TRUE(after.c_lflag & ECHO);
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  char buf[256];
  pollfd p{master, POLLIN, 0};
  ::poll(&p, 1, 1000);
  ssize_t n = ::read(master, buf, sizeof buf);
  ASSERT_GT(n, 0);
  EXPECT_NE(std::string(buf, static_cast<std::size_t>(n)).find("<RESET>"), std::string::npos);
  ::close(master);
  ::close(slave);
}

INSTANTIATE_TEST_SUITE_P(Signals, TerminalRestoreOnSignal,
                         ::testing::Values(SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS, SIGFPE));

TEST(TerminalRestore, RestoreWithoutArmingIsHarmless) {
  EXPECT_FALSE(TerminalRestore::armed());
  TerminalRestore::restore_now();
  EXPECT_FALSE(TerminalRestore::armed());
}
