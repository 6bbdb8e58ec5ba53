#include "app/secret_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>

#include "aws/secret_wipe.hpp"
#include "widgets/terminal_restore.hpp"

namespace opsdeck::app {

namespace {

constexpr std::size_t kMaxLine = std::size_t{64} * 1024;

std::atomic<bool> g_busy{false};

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// One line, a byte at a time. `interruptible`: EINTR after one of the quit signals was
// handled (the count moved past `signals_before`) ends the read.
std::optional<std::string> read_line(int fd, bool interruptible, unsigned signals_before) {
  auto signalled = [&] { return interruptible && ui::TerminalRestore::quit_signal_count() != signals_before; };
  std::string line;
  bool any = false;
  auto fail = [&line]() -> std::optional<std::string> {
    aws::wipe(line);
    return std::nullopt;
  };
  for (;;) {
    if (signalled()) return fail();
    char c = 0;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0) {
      if (errno == EINTR && !signalled()) continue;
      return fail();
    }
    if (n == 0) {
      if (!any) return fail();
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line.size() >= kMaxLine) return fail();
    aws::append_secret(line, c);
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
    return read_line(in_fd, false, 0);
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
  quiet.c_lflag |= ICANON;
  quiet.c_iflag |= ICRNL;  // Enter ends the line even when the terminal was raw

  const unsigned signals_before = ui::TerminalRestore::quit_signal_count();
  std::optional<std::string> line;
  {
    ui::TerminalRestoreScope registration(in_fd);  // before the mode changes
    // TCSAFLUSH: anything typed before the prompt was echoed already; it is not taken as the secret.
    if (::tcsetattr(in_fd, TCSAFLUSH, &quiet) == 0) {
      write_all(out_fd, prompt.data(), prompt.size());
      line = read_line(in_fd, true, signals_before);
    }
    ::tcsetattr(in_fd, TCSANOW, &saved);
  }
  write_all(out_fd, "\n", 1);
  if (ui::TerminalRestore::quit_signal_count() != signals_before) aws::wipe(line);
  return line;
}

}  // namespace opsdeck::app
