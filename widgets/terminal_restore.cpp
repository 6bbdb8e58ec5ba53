#include "widgets/terminal_restore.hpp"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace opsdeck::ui {

namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];

// Everything the handler touches is static and prepared before the handlers exist.
struct State {
  std::atomic<bool> armed{false};
  std::atomic<bool> restored{false};
  int fd = -1;
  termios saved{};
  bool have_termios = false;
  char reset[512] = {};
  std::size_t reset_len = 0;
  struct sigaction previous[kSignalCount] = {};
};
State g_state;

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void on_signal(int sig) {
  int saved_errno = errno;
  TerminalRestore::restore_now();
  // Default action, then re-raise: the process ends the way the signal says it should.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  errno = saved_errno;
}

}  // namespace

void TerminalRestore::set_reset_sequence(std::string_view reset) {
  State& s = g_state;
  s.reset_len = 0;  // a signal arriving meanwhile writes nothing rather than half a string
  std::size_t n = std::min(reset.size(), sizeof s.reset - 1);
  std::memcpy(s.reset, reset.data(), n);
  s.reset_len = n;
}

void TerminalRestore::arm(int tty_fd) {
  State& s = g_state;
  if (s.armed.load()) return;
  s.fd = tty_fd;
  s.have_termios = ::tcgetattr(tty_fd, &s.saved) == 0;
  s.restored = false;
  s.armed = true;
  for (int i = 0; i < kSignalCount; ++i) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(kSignals[i], &sa, &s.previous[i]);
  }
}

void TerminalRestore::disarm() {
  State& s = g_state;
  if (!s.armed.exchange(false)) return;
  for (int i = 0; i < kSignalCount; ++i) ::sigaction(kSignals[i], &s.previous[i], nullptr);
}

void TerminalRestore::restore_now() {
  State& s = g_state;
  if (!s.armed.load() || s.restored.exchange(true)) return;
  if (s.reset_len > 0) write_all(s.fd, s.reset, s.reset_len);
  if (s.have_termios) ::tcsetattr(s.fd, TCSAFLUSH, &s.saved);
}

bool TerminalRestore::armed() { return g_state.armed.load(); }

}  // namespace opsdeck::ui
