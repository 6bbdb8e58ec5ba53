#pragma once
// Puts the terminal back the way we found it however the process ends: normally (the
// CursesScreen destructor), on SIGINT/SIGTERM/SIGHUP, and on a crash (SIGSEGV, SIGABRT,
// SIGBUS, SIGFPE, SIGILL). The signal path is async-signal-safe: it writes prepared reset
// strings (leave the alternate screen, show the cursor, reset attributes, mouse reporting
// off, keypad off) with write(2) and the saved termios with tcsetattr(2), then re-raises
// the signal with its default action so the exit status and core dumps stay truthful.
//
// One process-wide instance, armed by CursesScreen before initscr and disarmed after
// endwin. Call from the main/UI thread; the handlers themselves run on whichever thread
// received the signal.

#include <string_view>

namespace opsdeck::ui {

class TerminalRestore {
 public:
  // Saves the termios of `tty_fd` (call it BEFORE curses changes the modes) and installs
  // the handlers. Arming an armed instance does nothing.
  static void arm(int tty_fd);
  // What to write to the terminal on restoration (terminfo rmcup, cnorm, sgr0, mouse off);
  // copied into a static buffer. Set it once terminfo is loaded.
  static void set_reset_sequence(std::string_view reset);
  // Removes the handlers (restoring the previous ones) without touching the terminal.
  static void disarm();
  // Restores now (async-signal-safe); harmless when not armed.
  static void restore_now();
  static bool armed();
};

}  // namespace opsdeck::ui
