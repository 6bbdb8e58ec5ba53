#pragma once
// The process-wide "put the terminal back" hook. Every mode that changes the terminal
// registers here before it changes anything and unregisters after it has put things back:
// the curses console (CursesScreen), the headless interactive `ssh` shell and `ssm session`
// hand-offs, and the no-echo secret prompts. Then however the process ends the terminal is
// left as it was found:
//   - normally: the mode's owner restores it (endwin, RawTerminalGuard) and unregisters;
//   - SIGTERM, SIGHUP, SIGINT, SIGQUIT: restored from the handler, then the disposition
//     that was there before the first registration acts on the signal (the default one
//     ends the process with 128+signo; an application handler runs and the process goes
//     on). A signal ignored at the first registration stays ignored (nohup). While a UI
//     event loop runs (defer_quit_signals), these four only ask the loop to quit: the
//     console then ends cleanly and main() re-raises pending_signal(); a second one while
//     the first is pending restores and ends at once (a stuck UI thread still dies);
//   - a crash (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL): restored, then the previous
//     disposition (the default, or a sanitizer's) acts on it (a fault the kernel raised
//     is left to happen again, so that disposition sees the real faulting context);
//   - an internal error (an escaping exception, std::terminate): the last-resort handlers
//     in app/process_hygiene.hpp call restore_now().
// The signal path is async-signal-safe: it writes a prepared reset string (leave the
// alternate screen, show the cursor, reset attributes, mouse reporting and keypad off)
// with write(2) and the termios saved at the first registration with tcsetattr(2); curses
// is never called from a handler.
//
// One terminal per process: registrations nest (a count), and the state put back is the
// one saved by the outermost, i.e. the terminal as it was before opsdeck changed it.
// Threads: arm/disarm/set_reset_sequence/defer_quit_signals from any thread (serialised
// inside); the handlers run on whichever thread received the signal.

#include <string_view>

namespace opsdeck::ui {

class TerminalRestore {
 public:
  // Registers a mode about to change the terminal on `tty_fd`. The first registration
  // saves its termios (call BEFORE changing the modes) and installs the handlers; nested
  // ones only count. Returns false, registering nothing, when `tty_fd` is not a terminal.
  static bool arm(int tty_fd);
  // Undoes one arm(). The last one removes the handlers (putting back the previous
  // dispositions) and forgets the reset sequence, without touching the terminal: the
  // owner has restored it already.
  static void disarm();
  // What to write to the terminal on restoration (terminfo rmcup, cnorm, sgr0, mouse off);
  // copied into a static buffer. Set it once terminfo is loaded.
  static void set_reset_sequence(std::string_view reset);
  // Restores now (async-signal-safe), at most once per registration; harmless when not armed.
  static void restore_now();
  static bool armed();

  // Deferred quit, for the UI event loop: while on (and armed), SIGTERM/SIGHUP/SIGINT/
  // SIGQUIT are recorded and make quit_fd() readable instead of ending the process. Calls
  // nest: every `true` needs its `false` (TerminalSuspend turns it off meanwhile with
  // `false` ... `true`, since the UI thread then runs the child synchronously).
  static void defer_quit_signals(bool on);
  // Readable once a deferred quit signal arrived; -1 while deferral is off or not armed.
  // The loop only polls it; it is never drained (the process is ending).
  static int quit_fd();
  // The deferred signal that asked the loop to quit, or 0.
  static int pending_signal();
  // How many of the four quit signals the handler has seen in the life of the process. A
  // blocking read that got EINTR compares it with the count from before it started, to tell
  // a quit signal from any other interruption.
  static unsigned quit_signal_count();
};

// A registration for a scope: arm() in the constructor (when `tty_fd` is a terminal),
// disarm() in the destructor. The owner still restores the terminal itself before the
// scope ends.
class TerminalRestoreScope {
 public:
  explicit TerminalRestoreScope(int tty_fd) : active_(TerminalRestore::arm(tty_fd)) {}
  ~TerminalRestoreScope() {
    if (active_) TerminalRestore::disarm();
  }
  TerminalRestoreScope(const TerminalRestoreScope&) = delete;
  TerminalRestoreScope& operator=(const TerminalRestoreScope&) = delete;
  bool active() const { return active_; }

 private:
  bool active_;
};

}  // namespace opsdeck::ui
