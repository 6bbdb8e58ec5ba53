// The interactive shell hand-off against a real sshd: a remote PTY of the local terminal's
// size, raw mode restored afterwards, window size changes followed, the shell's exit status
// returned. The local terminal is a pseudo-terminal pair driven by the test (the tmux e2e
// test of the TUI's `s` key comes with the console).
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "ssh/interactive_shell.hpp"
#include "ssh/raw_terminal.hpp"
#include "tests/support/ssh_test_client.hpp"

using namespace opsdeck;
using namespace opsdeck::testing;

namespace {

// Reads everything the remote side prints to the pty master, on a thread.
class MasterReader {
 public:
  explicit MasterReader(int fd) : fd_(fd), thread_([this] { run(); }) {}
  ~MasterReader() {
    stop_ = true;
    thread_.join();
  }
  bool wait_for(const std::string& needle, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> l(mu_);
        if (text_.find(needle) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  std::string text() {
    std::lock_guard<std::mutex> l(mu_);
    return text_;
  }

 private:
  void run() {
    char buf[4096];
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) continue;
      std::lock_guard<std::mutex> l(mu_);
      text_.append(buf, static_cast<size_t>(n));
    }
  }
  int fd_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string text_;
  std::thread thread_;
};

void type(int master, const std::string& s) { ASSERT_EQ(::write(master, s.data(), s.size()), ssize_t(s.size())); }

}  // namespace

TEST(SshShell, PtyOfTheLocalSizeFollowsResizesAndRestoresTheTerminal) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  int master = -1, slave = -1;
  winsize ws{};
  ws.ws_col = 100;
  ws.ws_row = 30;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, &ws), 0);
  termios before{};
  ::tcgetattr(slave, &before);
  ASSERT_TRUE(before.c_lflag & ECHO);

  MasterReader reader(master);
  ssh::CommandOutcome outcome;
  std::atomic<bool> finished{false};
  std::thread shell([&] {
    outcome = ssh::run_interactive_shell(client, fixture_host(sshd), {}, ssh::ShellIo{slave, slave, "xterm"});
    finished = true;
  });

  // While the shell runs, the local terminal is raw.
  bool raw_seen = false;
  for (int i = 0; i < 200 && !raw_seen; ++i) {
    termios now{};
    ::tcgetattr(slave, &now);
    raw_seen = !(now.c_lflag & (ECHO | ICANON));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(raw_seen);

  type(master, "echo TERM=$TERM; stty size\r");
  EXPECT_TRUE(reader.wait_for("TERM=xterm")) << reader.text();
  EXPECT_TRUE(reader.wait_for("30 100")) << reader.text();

  ws.ws_col = 132;
  ws.ws_row = 43;
  ASSERT_EQ(::ioctl(slave, TIOCSWINSZ, &ws), 0);
  ::raise(SIGWINCH);  // the kernel signals only the pty's foreground group; we are not it
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  type(master, "stty size\r");
  EXPECT_TRUE(reader.wait_for("43 132")) << reader.text();

  type(master, "exit 7\r");
  shell.join();
  ASSERT_TRUE(finished);
  ASSERT_FALSE(outcome.error) << outcome.error->describe();
  EXPECT_EQ(outcome.exit_status.value_or(-1), 7);

  termios after{};
  ::tcgetattr(slave, &after);
  EXPECT_EQ(after.c_lflag, before.c_lflag);
  EXPECT_EQ(after.c_iflag, before.c_iflag);
  EXPECT_EQ(after.c_oflag, before.c_oflag);
  ::close(master);
  ::close(slave);
}

TEST(SshShell, HeadlessShellWithPipedInputReturnsTheShellStatus) {
  SshdServer sshd;
  TempDir home;
  auto config = home.path() / "ssh_config";
  write_file(config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) + "\n  User " +
                         sshd.user() + "\n  IdentityFile " + sshd.user_key().string() + "\n");
  auto r = run_command({OPSDECK_BINARY, "ssh", "box"}, "echo marker-$((6*7))\nexit 5\n",
                       {{"OPSDECK_SSH_CONFIG", config.string()},
                        {"OPSDECK_KNOWN_HOSTS", sshd.known_hosts().string()},
                        {"SSH_AUTH_SOCK", ""},
                        {"HOME", home.path().string()}});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.out.find("marker-42"), std::string::npos) << r.out;
}

TEST(RawTerminal, GuardIsANoOpOffATerminal) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  {
    ssh::RawTerminalGuard g(p[0]);
    EXPECT_FALSE(g.active());
  }
  auto size = ssh::terminal_size(p[1]);
  EXPECT_EQ(size.columns, 80);
  EXPECT_EQ(size.rows, 24);
  ::close(p[0]);
  ::close(p[1]);
}
