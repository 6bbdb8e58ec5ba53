#pragma once
// Asks for a secret on the command line (a runbook variable whose name is a secret, an SSH
// key's passphrase) without showing what is typed.
//
// read_line_no_echo() writes `prompt` to `out_fd` and reads one line from `in_fd`:
//   - when `in_fd` is a terminal, echo is switched off for the read (canonical mode stays on,
//     so line editing and Ctrl-C / Ctrl-D work; Enter ends the line even when the terminal
//     was in raw mode) and a newline is written to `out_fd` after it. The terminal's mode is
//     restored on every path: normal return, read error, end of input, and SIGINT / SIGTERM /
//     SIGHUP / SIGQUIT, through the process-wide hook (widgets/terminal_restore.hpp): the
//     handler restores the mode, then the disposition from before acts (the default action
//     still ends the process, an application handler still runs). A signal ignored before
//     the call stays ignored;
//   - otherwise (a pipe, a file) the line is read as is, one byte at a time so nothing after
//     it is consumed, and a trailing CR is dropped.
// Returns the line without its newline; nullopt at end of input before any character, on a
// read error, when a signal interrupted the read, for a line longer than 64 KiB, or when
// another read_line_no_echo() is in progress in the process (one prompt at a time).
//
// Secrets: the line is read into a buffer that is wiped whenever it grows, and a line that
// is not returned is wiped. The caller owns the returned string and wipes it after use
// (aws::wipe, aws/secret_wipe.hpp).
//
// Blocks the calling thread until a line arrives: a headless command's main thread, or a
// worker that may block (the SSH passphrase prompt); never the UI thread.

#include <optional>
#include <string>

namespace opsdeck::app {

std::optional<std::string> read_line_no_echo(int in_fd, int out_fd, const std::string& prompt);

}  // namespace opsdeck::app
