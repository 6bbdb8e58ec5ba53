#include "widgets/terminal_restore.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

namespace opsdeck::ui {

namespace {

constexpr int kQuitSignals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
constexpr int kSignals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];

// Everything the handler reads is written before the handlers are installed (under `mu`,
// by the first registration) or is atomic.
struct State {
  std::mutex mu;  // arm/disarm/defer; never taken by the handler
  int registrations = 0;
  std::atomic<bool> armed{false};
  std::atomic<bool> restored{false};
  int fd = -1;
  termios saved{};
  bool have_termios = false;
  char reset[512] = {};
  std::atomic<std::size_t> reset_len{0};
  struct sigaction previous[kSignalCount] = {};
  bool installed[kSignalCount] = {};
  int quit_pipe[2] = {-1, -1};  // created once, kept for the life of the process
  std::atomic<int> defer_depth{0};
  std::atomic<int> pending{0};
  std::atomic<unsigned> quit_signals{0};
};
State g_state;

bool is_quit_signal(int sig) {
  for (int q : kQuitSignals)
    if (q == sig) return true;
  return false;
}

int slot_of(int sig) {
  for (int i = 0; i < kSignalCount; ++i)
    if (kSignals[i] == sig) return i;
  return -1;
}

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

// Only async-signal-safe calls: write, tcsetattr, sigaction, pthread_sigmask, raise.
void on_signal(int sig, siginfo_t* info, void*) {
  int saved_errno = errno;
  State& s = g_state;
  if (is_quit_signal(sig)) {
    ++s.quit_signals;
    int none = 0;
    if (s.armed.load() && s.defer_depth.load() > 0 && s.quit_pipe[1] >= 0 &&
        s.pending.compare_exchange_strong(none, sig)) {
      char c = 'q';
      [[maybe_unused]] auto n = ::write(s.quit_pipe[1], &c, 1);
      errno = saved_errno;
      return;  // the event loop quits; main() re-raises the signal once the terminal is back
    }
  }
  TerminalRestore::restore_now();
  // The disposition from before the first registration acts on the signal: the default
  // one ends the process the way the signal says, an application handler runs after this.
  int slot = slot_of(sig);
  if (slot >= 0) ::sigaction(sig, &s.previous[slot], nullptr);
  // A fault the kernel raised (SIGSEGV on a bad address, ...): returning runs the faulting
  // instruction again, and the previous handler (a sanitizer's) or the default action gets
  // the fault itself, with its real context.
  if (!is_quit_signal(sig) && info != nullptr && info->si_code > 0) {
    errno = saved_errno;
    return;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  errno = saved_errno;
}

void install_handlers(State& s) {
  for (int i = 0; i < kSignalCount; ++i) {
    s.installed[i] = false;
    struct sigaction prev {};
    if (::sigaction(kSignals[i], nullptr, &prev) != 0) continue;
    // nohup and friends: an ignored quit signal stays ignored.
    if (is_quit_signal(kSignals[i]) && !(prev.sa_flags & SA_SIGINFO) && prev.sa_handler == SIG_IGN) continue;
    s.previous[i] = prev;
    struct sigaction sa {};
    sa.sa_sigaction = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART: a blocking read returns EINTR and its loop can look
    if (::sigaction(kSignals[i], &sa, nullptr) == 0) s.installed[i] = true;
  }
}

void remove_handlers(State& s) {
  for (int i = 0; i < kSignalCount; ++i) {
    if (!s.installed[i]) continue;
    ::sigaction(kSignals[i], &s.previous[i], nullptr);
    s.installed[i] = false;
  }
}

}  // namespace

void TerminalRestore::set_reset_sequence(std::string_view reset) {
  State& s = g_state;
  std::lock_guard lock(s.mu);
  s.reset_len = 0;  // a signal arriving meanwhile writes nothing rather than half a string
  std::size_t n = std::min(reset.size(), sizeof s.reset - 1);
  std::memcpy(s.reset, reset.data(), n);
  s.reset_len = n;
}

bool TerminalRestore::arm(int tty_fd) {
  State& s = g_state;
  if (::isatty(tty_fd) == 0) return false;
  std::lock_guard lock(s.mu);
  if (s.registrations++ > 0) return true;
  s.fd = tty_fd;
  s.have_termios = ::tcgetattr(tty_fd, &s.saved) == 0;
  s.reset_len = 0;
  s.restored = false;
  s.pending = 0;
  if (s.quit_pipe[0] < 0 && ::pipe2(s.quit_pipe, O_CLOEXEC | O_NONBLOCK) != 0) s.quit_pipe[0] = s.quit_pipe[1] = -1;
  s.armed = true;
  install_handlers(s);
  return true;
}

void TerminalRestore::disarm() {
  State& s = g_state;
  std::lock_guard lock(s.mu);
  if (s.registrations == 0) return;
  if (--s.registrations > 0) return;
  remove_handlers(s);
  s.armed = false;
  s.reset_len = 0;
}

void TerminalRestore::restore_now() {
  State& s = g_state;
  if (!s.armed.load() || s.restored.exchange(true)) return;
  std::size_t n = s.reset_len.load();
  if (n > 0) write_all(s.fd, s.reset, n);
  if (s.have_termios) ::tcsetattr(s.fd, TCSAFLUSH, &s.saved);
}

bool TerminalRestore::armed() { return g_state.armed.load(); }

void TerminalRestore::defer_quit_signals(bool on) { g_state.defer_depth += on ? 1 : -1; }

int TerminalRestore::quit_fd() {
  const State& s = g_state;
  return s.armed.load() && s.defer_depth.load() > 0 ? s.quit_pipe[0] : -1;
}

int TerminalRestore::pending_signal() { return g_state.pending.load(); }

unsigned TerminalRestore::quit_signal_count() { return g_state.quit_signals.load(); }

}  // namespace opsdeck::ui
