#pragma once
// The local half of an interactive shell hand-off (SSH or Session Manager): puts the
// terminal in raw mode (restored on every path), relays what is typed to the remote side,
// follows SIGWINCH size changes, and returns when the remote side says it is done. Output
// goes the other way through write_all() from whichever thread receives it.
//
// relay_terminal() blocks the calling thread (the UI thread with curses suspended, or a
// headless command) and installs a SIGWINCH handler for its duration (one relay at a time).
// The RelayTarget functions run on that thread.

#include <cstddef>
#include <functional>
#include <string_view>

#include "ssh/raw_terminal.hpp"

namespace opsdeck::ssh {

struct RelayTarget {
  std::function<void(std::string_view bytes)> input;  // typed bytes (Ctrl-C arrives as 0x03)
  std::function<void(TerminalSize)> resize;           // at start and after every SIGWINCH
  std::function<void()> input_closed;                 // the local input ended (EOF)
  std::function<size_t()> backlog;                    // bytes not yet taken by the far end
  size_t max_backlog = 256 * 1024;                    // input is not read above this
};

// Runs until `done_fd` becomes readable (the caller writes a byte there when the remote side
// ends). Returns false when the relay itself failed (pipe or poll error).
bool relay_terminal(int in_fd, int out_fd, int done_fd, const RelayTarget& target);

// Writes everything, waiting out EAGAIN; stops quietly when the local side is gone.
void write_all(int fd, std::string_view data);

}  // namespace opsdeck::ssh
