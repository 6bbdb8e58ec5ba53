#pragma once
// Asks for a secret on the command line (a runbook variable whose name is a secret) without
// showing what is typed.
//
// read_line_no_echo() writes `prompt` to `out_fd` and reads one line from `in_fd`:
//   - when `in_fd` is a terminal, echo is switched off for the read (canonical mode stays on,
//     so line editing and Ctrl-C / Ctrl-D work) and a newline is written to `out_fd` after
//     it. The terminal's mode is restored on every path: normal return, read error, end of
//     input, and SIGINT / SIGTERM / SIGHUP / SIGQUIT, whose temporary handler restores the
//     mode, puts the previous handler back and raises the signal again (so the default
//     action still ends the process, and an application handler still runs). A signal
//     ignored before the call stays ignored;
//   - otherwise (a pipe, a file) the line is read as is, one byte at a time so nothing after
//     it is consumed, and a trailing CR is dropped.
// Returns the line without its newline; nullopt at end of input before any character, on a
// read error, when a signal interrupted the read, for a line longer than 64 KiB, or when
// another read_line_no_echo() is in progress in the process (the signal handlers are
// process-wide, so there is one prompt at a time).
//
// Blocks the calling thread until a line arrives; call it from the main thread of a
// headless command, never from the UI thread.

#include <optional>
#include <string>

namespace opsdeck::app {

std::optional<std::string> read_line_no_echo(int in_fd, int out_fd, const std::string& prompt);

}  // namespace opsdeck::app
