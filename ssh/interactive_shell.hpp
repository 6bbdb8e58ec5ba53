#pragma once
// The interactive shell hand-off: runs a remote login shell (or a command) on a PTY the
// size of the local terminal, with the local terminal in raw mode (restored on every path),
// relaying input from `in_fd` and output to `out_fd`, following SIGWINCH size changes, and
// returning when the remote side ends.
//
// Blocks the calling thread (the UI thread, with curses suspended by the caller's guard, or
// the headless command); SSH work stays on the client's worker thread. Installs a SIGWINCH
// handler for its duration and restores the previous one.

#include <string>

#include "ssh/command_runner.hpp"
#include "ssh/ssh_client.hpp"

namespace opsdeck::ssh {

struct ShellIo {
  int in_fd = 0;
  int out_fd = 1;
  std::string term;  // default: $TERM, else xterm-256color
};

CommandOutcome run_interactive_shell(SshClient& client, const HostSettings& host, const std::string& command = {},
                                     ShellIo io = {});

}  // namespace opsdeck::ssh
