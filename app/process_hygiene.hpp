#pragma once
// What main() sets up before anything else, and its last resort.
//
// harden_process(): no core files (RLIMIT_CORE 0/0: a crash must not write AWS
// credentials, secrets or passphrases to disk; inherited by the programs opsdeck starts)
// and a non-dumpable process (PR_SET_DUMPABLE 0: other processes of the same user cannot
// ptrace-attach or read /proc/PID/mem and environ; the process itself still reads
// /proc/self). Installs the std::terminate handler.
//
// The last resort: an exception escaping run_cli() (caught in main()) and std::terminate
// (an exception escaping a worker thread, a noexcept violation) both end in
// die_of_internal_error(): the terminal is restored through ui::TerminalRestore (curses'
// alternate screen left, the saved termios put back; curses itself is not called), ONE
// line goes to stderr,
//   opsdeck: internal error: <what>; the terminal was restored. Please report this.
// and the process ends with _exit(1), with no further unwinding. <what> is the
// exception's what() with secrets masked (app/redactor.hpp) and every control character
// shown inert (ui::sanitize_plain), cut to a few hundred bytes: one line, safe to paste.
//
// Threads: harden_process() and reraise_deferred_signal() on the main thread;
// die_of_internal_error() from any thread (the first caller reports, others wait for the end).

#include <string>
#include <string_view>

namespace opsdeck::app {

void harden_process();

// The line printed for an internal error, newline included. Pure.
std::string internal_error_line(std::string_view what);

// Restores the terminal, prints internal_error_line(what) to stderr and calls _exit(1).
// `flush_stdio`: flush stdout first (main()'s catch; not from std::terminate, where a
// stdio lock may be held by the failed thread).
[[noreturn]] void die_of_internal_error(std::string_view what, bool flush_stdio = false) noexcept;

// After run_cli() returned: when the console quit because of SIGTERM/SIGHUP/SIGINT/SIGQUIT
// (deferred to its event loop, see widgets/terminal_restore.hpp), raises it again with the
// default action so the exit status is the conventional 128+signo. Returns otherwise.
void reraise_deferred_signal();

// Test hook, undocumented for users: OPSDECK_TEST_CRASH=throw throws a std::runtime_error
// here (called by run_cli() before it parses anything); OPSDECK_TEST_CRASH=terminate starts
// a thread that throws once the terminal on stdin is in raw mode (the console is up; at
// once when stdin is not a terminal), which ends in std::terminate. Nothing else.
void force_test_crash_if_asked();

}  // namespace opsdeck::app
