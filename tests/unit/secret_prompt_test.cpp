// A secret typed at a prompt is not echoed, and the terminal's mode comes back on every path,
// including a signal. Uses a real pseudo-terminal.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <thread>

#include "app/secret_prompt.hpp"

using opsdeck::app::read_line_no_echo;

namespace {

struct Pty {
  int master = -1;
  int slave = -1;
  Pty() { EXPECT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0); }
  ~Pty() {
    if (master >= 0) ::close(master);
    if (slave >= 0) ::close(slave);
  }
  termios mode() const {
    termios t{};
    ::tcgetattr(slave, &t);
    return t;
  }
};

// Reads `fd` into `seen` until it contains `needle` or 5 s pass.
bool wait_for(int fd, std::string& seen, const std::string& needle) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (seen.find(needle) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

// Whatever is readable on `fd` within `ms`.
std::string drain(int fd, int ms = 200) {
  std::string out;
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, ms) > 0) {
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

void type(int fd, const std::string& s) { ASSERT_EQ(::write(fd, s.data(), s.size()), static_cast<ssize_t>(s.size())); }

bool same_mode(const termios& a, const termios& b) {
  return a.c_lflag == b.c_lflag && a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag;
}

}  // namespace

TEST(SecretPrompt, ControlATerminalEchoesWhatIsTyped) {
  // Shows that the echo check below can fail: with echo on, the typed text comes back.
  Pty pty;
  type(pty.master, "hunter2\n");
  std::string seen;
  EXPECT_TRUE(wait_for(pty.master, seen, "hunter2"));
}

TEST(SecretPrompt, TypedSecretIsNotEchoedAndTheModeIsRestored) {
  Pty pty;
  const termios before = pty.mode();
  ASSERT_TRUE(before.c_lflag & ECHO);
  std::optional<std::string> got;
  std::thread reader([&] { got = read_line_no_echo(pty.slave, pty.slave, "DB_PASSWORD (secret): "); });
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "DB_PASSWORD (secret): "));
  termios during = pty.mode();
  EXPECT_FALSE(during.c_lflag & ECHO);
  EXPECT_TRUE(during.c_lflag & ICANON);  // line editing still works
  type(pty.master, "hunter2 with spaces\n");
  reader.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, "hunter2 with spaces");
  std::string after_prompt = drain(pty.master);
  EXPECT_EQ(after_prompt.find("hunter2"), std::string::npos) << after_prompt;
  EXPECT_NE(after_prompt.find('\n'), std::string::npos) << "a newline replaces the unechoed Enter";
  EXPECT_TRUE(same_mode(pty.mode(), before));
}

TEST(SecretPrompt, EndOfInputReturnsNothingAndRestores) {
  Pty pty;
  const termios before = pty.mode();
  std::optional<std::string> got = std::string("unset");
  std::thread reader([&] { got = read_line_no_echo(pty.slave, pty.slave, "secret: "); });
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  type(pty.master, "\x04");  // Ctrl-D on an empty line
  reader.join();
  EXPECT_FALSE(got.has_value());
  EXPECT_TRUE(same_mode(pty.mode(), before));
}

TEST(SecretPrompt, SigtermDuringThePromptRestoresTheModeAndStillEndsTheProcess) {
  Pty pty;
  const termios before = pty.mode();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    (void)read_line_no_echo(pty.slave, pty.slave, "secret: ");
    ::_exit(42);  // not reached: SIGTERM's default action ends the process
  }
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  EXPECT_FALSE(pty.mode().c_lflag & ECHO);
  ::kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(pty.mode().c_lflag & ECHO);
  EXPECT_TRUE(same_mode(pty.mode(), before));
}

TEST(SecretPrompt, CtrlCTypedAtThePromptRestoresTheModeAndEndsTheProcess) {
  Pty pty;
  const termios before = pty.mode();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The pty becomes this process's controlling terminal, so ^C sends it SIGINT.
    ::setsid();
    ::ioctl(pty.slave, TIOCSCTTY, 0);
    ::signal(SIGINT, SIG_DFL);
    (void)read_line_no_echo(pty.slave, pty.slave, "secret: ");
    ::_exit(42);
  }
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  type(pty.master, "half-typed\x03");
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_TRUE(same_mode(pty.mode(), before));
  EXPECT_EQ(drain(pty.master).find("half-typed"), std::string::npos);
}

namespace {
volatile std::sig_atomic_t g_app_handler_ran = 0;
void app_handler(int) { g_app_handler_ran = 1; }
}  // namespace

TEST(SecretPrompt, AnApplicationHandlerStillRunsAndThePromptGivesUp) {
  Pty pty;
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    struct sigaction sa{};
    sa.sa_handler = app_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    auto got = read_line_no_echo(pty.slave, pty.slave, "secret: ");
    termios t{};
    ::tcgetattr(pty.slave, &t);
    struct sigaction now{};
    ::sigaction(SIGINT, nullptr, &now);
    int code = (got.has_value() ? 1 : 0) | (g_app_handler_ran ? 0 : 2) | ((t.c_lflag & ECHO) ? 0 : 4) |
               (now.sa_handler == app_handler ? 0 : 8);
    ::_exit(code);
  }
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  ::kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: returned a line, 2: app handler did not run, 4: echo still off, "
                                       "8: app handler not reinstalled";
}

TEST(SecretPrompt, AnIgnoredSignalStaysIgnored) {
  Pty pty;
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGTERM, SIG_IGN);
    auto got = read_line_no_echo(pty.slave, pty.slave, "secret: ");
    ::_exit(got == std::optional<std::string>("pw-after-term") ? 0 : 1);
  }
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  ::kill(pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  type(pty.master, "pw-after-term\n");
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(SecretPrompt, APipeIsReadLineByLineWithThePromptWritten) {
  int in[2], out[2];
  ASSERT_EQ(::pipe(in), 0);
  ASSERT_EQ(::pipe(out), 0);
  type(in[1], "first\r\nsecond\nlast-without-newline");
  ::close(in[1]);
  EXPECT_EQ(read_line_no_echo(in[0], out[1], "P1: "), std::optional<std::string>("first"));
  EXPECT_EQ(read_line_no_echo(in[0], out[1], "P2: "), std::optional<std::string>("second"));
  EXPECT_EQ(read_line_no_echo(in[0], out[1], "P3: "), std::optional<std::string>("last-without-newline"));
  EXPECT_EQ(read_line_no_echo(in[0], out[1], "P4: "), std::nullopt);
  ::close(out[1]);
  EXPECT_EQ(drain(out[0]), "P1: P2: P3: P4: ");
  ::close(in[0]);
  ::close(out[0]);
}

TEST(SecretPrompt, OnePromptAtATime) {
  Pty pty;
  std::optional<std::string> first;
  std::thread reader([&] { first = read_line_no_echo(pty.slave, pty.slave, "secret: "); });
  std::string seen;
  ASSERT_TRUE(wait_for(pty.master, seen, "secret: "));
  int in[2];
  ASSERT_EQ(::pipe(in), 0);
  type(in[1], "x\n");
  EXPECT_EQ(read_line_no_echo(in[0], in[1], ""), std::nullopt);  // refused while the other waits
  type(pty.master, "ok\n");
  reader.join();
  EXPECT_EQ(first, std::optional<std::string>("ok"));
  EXPECT_EQ(read_line_no_echo(in[0], in[1], ""), std::optional<std::string>("x"));  // free again
  ::close(in[0]);
  ::close(in[1]);
}
