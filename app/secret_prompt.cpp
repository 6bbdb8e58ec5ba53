#include "app/secret_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>

namespace opsdeck::app {

namespace {

constexpr std::size_t kMaxLine = std::size_t{64} * 1024;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
constexpr int kSignalCount = sizeof kSignals / sizeof kSignals[0];

// State the signal handler reads: written before the handlers are installed, cleared after
// they are removed.
std::atomic<bool> g_busy{false};
int g_fd = -1;
termios g_saved{};
struct sigaction g_previous[kSignalCount];
bool g_installed[kSignalCount] = {};
volatile std::sig_atomic_t g_caught = 0;

int slot_of(int sig) {
  for (int i = 0; i < kSignalCount; ++i)
    if (kSignals[i] == sig) return i;
  return -1;
}

// Only async-signal-safe calls: tcsetattr, sigaction, raise.
void restore_and_reraise(int sig) {
  int saved_errno = errno;
  if (g_fd >= 0) ::tcsetattr(g_fd, TCSANOW, &g_saved);
  g_caught = sig;
  int slot = slot_of(sig);
  if (slot >= 0) {
    ::sigaction(sig, &g_previous[slot], nullptr);
    g_installed[slot] = false;
  }
  // Blocked until this handler returns; then the previous disposition acts on it.
  (void)::raise(sig);
  errno = saved_errno;
}

void install_handlers() {
  for (int i = 0; i < kSignalCount; ++i) {
    g_installed[i] = false;
    struct sigaction prev{};
    if (::sigaction(kSignals[i], nullptr, &prev) != 0) continue;
    if (!(prev.sa_flags & SA_SIGINFO) && prev.sa_handler == SIG_IGN) continue;  // stays ignored
    g_previous[i] = prev;
    struct sigaction sa{};
    sa.sa_handler = restore_and_reraise;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: the read returns EINTR
    if (::sigaction(kSignals[i], &sa, nullptr) == 0) g_installed[i] = true;
  }
}

void remove_handlers() {
  for (int i = 0; i < kSignalCount; ++i) {
    if (!g_installed[i]) continue;
    ::sigaction(kSignals[i], &g_previous[i], nullptr);
    g_installed[i] = false;
  }
}

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// One line, a byte at a time. `interruptible`: EINTR after a caught signal ends the read.
std::optional<std::string> read_line(int fd, bool interruptible) {
  std::string line;
  bool any = false;
  for (;;) {
    if (interruptible && g_caught != 0) return std::nullopt;
    char c = 0;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0) {
      if (errno == EINTR && !(interruptible && g_caught != 0)) continue;
      return std::nullopt;
    }
    if (n == 0) {
      if (!any) return std::nullopt;
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line.size() >= kMaxLine) return std::nullopt;
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Holds the one-prompt-at-a-time flag for a scope.
class BusyFlag {
 public:
  BusyFlag() : owned_(!g_busy.exchange(true)) {}
  ~BusyFlag() {
    if (owned_) g_busy = false;
  }
  BusyFlag(const BusyFlag&) = delete;
  BusyFlag& operator=(const BusyFlag&) = delete;
  bool owned() const { return owned_; }

 private:
  bool owned_;
};

}  // namespace

std::optional<std::string> read_line_no_echo(int in_fd, int out_fd, const std::string& prompt) {
  BusyFlag busy;
  if (!busy.owned()) return std::nullopt;
  termios saved{};
  if (::isatty(in_fd) == 0 || ::tcgetattr(in_fd, &saved) != 0) {
    write_all(out_fd, prompt.data(), prompt.size());
    return read_line(in_fd, false);
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
  quiet.c_lflag |= ICANON;

  g_saved = saved;
  g_caught = 0;
  g_fd = in_fd;
  install_handlers();
  std::optional<std::string> line;
  // TCSAFLUSH: anything typed before the prompt was echoed already; it is not taken as the secret.
  if (::tcsetattr(in_fd, TCSAFLUSH, &quiet) == 0) {
    write_all(out_fd, prompt.data(), prompt.size());
    line = read_line(in_fd, true);
  }
  ::tcsetattr(in_fd, TCSANOW, &saved);
  remove_handlers();
  g_fd = -1;
  write_all(out_fd, "\n", 1);
  if (g_caught != 0) return std::nullopt;
  return line;
}

}  // namespace opsdeck::app
