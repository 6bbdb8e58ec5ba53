#pragma once
// Scoped raw mode for the local terminal, for the interactive shell hand-off: the guard
// saves the termios settings, switches to raw (no echo, no line editing, no signals from
// ^C — they go to the remote side), and restores them in its destructor on every path that
// unwinds. A destructor cannot run when the process is killed or std::terminate ends it:
// for those, whoever opens the shell registers the terminal with the process-wide restore
// hook first (app/ does, with ui::TerminalRestoreScope; ssh/ cannot see widgets/), which
// puts back the modes from before the raw mode and then lets the signal end the process.
// Also the local window size. Call from the thread that owns the terminal.

#include <termios.h>

namespace opsdeck::ssh {

class RawTerminalGuard {
 public:
  explicit RawTerminalGuard(int fd);  // no-op when fd is not a terminal
  ~RawTerminalGuard();
  RawTerminalGuard(const RawTerminalGuard&) = delete;
  RawTerminalGuard& operator=(const RawTerminalGuard&) = delete;
  bool active() const { return active_; }

 private:
  int fd_;
  bool active_ = false;
  termios saved_{};
};

struct TerminalSize {
  int columns = 80;
  int rows = 24;
};
// The size of the terminal on `fd`, or 80x24 when it is not one.
TerminalSize terminal_size(int fd);

}  // namespace opsdeck::ssh
