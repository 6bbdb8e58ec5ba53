#include "ssh/raw_terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace opsdeck::ssh {

RawTerminalGuard::RawTerminalGuard(int fd) : fd_(fd) {
  if (!::isatty(fd) || ::tcgetattr(fd, &saved_) != 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  active_ = ::tcsetattr(fd, TCSADRAIN, &raw) == 0;
}

RawTerminalGuard::~RawTerminalGuard() {
  if (active_) ::tcsetattr(fd_, TCSADRAIN, &saved_);
}

TerminalSize terminal_size(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) return {ws.ws_col, ws.ws_row};
  return {};
}

}  // namespace opsdeck::ssh
