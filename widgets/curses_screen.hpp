#pragma once
// The curses backend: the only code that talks to ncursesw. It opens the terminal
// (locale, raw mode, no echo, keypad, mouse, colours when the terminal and theme allow),
// flushes a CellGrid with ONE doupdate() per frame writing only the cells that changed
// since the last flush, maps Role -> colour pair through the Theme, falls back to ASCII
// when the locale is not UTF-8, and turns input into KeyEvent values.
//
// Owns the curses SCREEN; registers with TerminalRestore (when the input is a terminal)
// so the terminal is restored on normal exit, on SIGTERM/SIGHUP/SIGINT/SIGQUIT (deferred
// to the event loop while it runs, see widgets/event_loop.hpp), on a crash and on an
// internal error. UI thread only.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/theme.hpp"

namespace opsdeck::ui {

struct ScreenOptions {
  bool mouse = true;
  int escape_delay_ms = 25;          // how long a lone ESC waits for the rest of a sequence
  std::optional<bool> force_ascii;   // default: ASCII unless the locale's codeset is UTF-8
  std::optional<int> force_colours;  // default: what terminfo says (0 when monochrome)
  bool monochrome = false;           // NO_COLOR / TERM=dumb: no colours at all
};

class CursesScreen {
 public:
  // Opens the controlling terminal on stdin/stdout. On failure returns nullptr and says why
  // in `error` (e.g. stdout is not a terminal, unknown TERM).
  static std::unique_ptr<CursesScreen> open(const Theme& theme, const ScreenOptions& options,
                                            std::string& error);
  // Opens curses on the given streams with terminal type `term` (nullptr: $TERM) — for
  // tests (a pty) and benchmarks (/dev/null). TerminalRestore is armed only when `in` is a
  // terminal. The streams stay owned by the caller and must outlive the screen.
  static std::unique_ptr<CursesScreen> open_on(std::FILE* out, std::FILE* in, const char* term,
                                               const Theme& theme, const ScreenOptions& options,
                                               std::string& error);
  ~CursesScreen();  // endwin, restore the terminal, remove the signal handlers
  CursesScreen(const CursesScreen&) = delete;
  CursesScreen& operator=(const CursesScreen&) = delete;

  int width() const;
  int height() const;
  bool ascii() const { return ascii_; }
  ColourSupport colours() const { return {colours_}; }
  int input_fd() const { return input_fd_; }

  void set_theme(const Theme& theme);
  // Draws the grid: only cells that differ from the previous flush, then one doupdate().
  void flush(const CellGrid& grid);
  // Forgets what is on screen so the next flush repaints everything (after a resize or a
  // shell hand-off).
  void invalidate();
  // Next input event, or nullopt when none is waiting (never blocks). On Key::Resize the
  // new size is already in width()/height().
  std::optional<KeyEvent> read_key();

  // Writes a terminal sequence that does not draw (OSC 52 clipboard) straight to the
  // terminal, after curses' own output. UI thread.
  void write_sequence(const std::string& bytes);

  // Number of cells written by the last flush (for benchmarks and tests).
  std::size_t last_flush_cells() const { return last_cells_; }

 private:
  CursesScreen() = default;
  void init_colours();
  void draw_cell(int x, int y, const Cell& cell);

  void* screen_ = nullptr;  // SCREEN*
  std::FILE* out_ = nullptr;  // the terminal curses writes to (not owned)
  bool armed_ = false;      // TerminalRestore armed by this screen
  int input_fd_ = 0;
  bool ascii_ = false;
  int colours_ = 0;
  Theme theme_;
  CellGrid shown_;  // what the terminal shows now
  std::size_t last_cells_ = 0;
};

// Hands the terminal to a child (an interactive SSH shell, $EDITOR) for the lifetime of
// the guard: leaves curses mode on construction, returns to it and repaints everything on
// destruction (at the terminal's current size, should it have changed meanwhile). While
// it lives the quit signals are not deferred to the event loop (the UI thread is busy with
// the child): they restore the terminal and end the process from the handler.
// UI thread only; the screen must outlive the guard.
class TerminalSuspend {
 public:
  explicit TerminalSuspend(CursesScreen& screen);
  ~TerminalSuspend();
  TerminalSuspend(const TerminalSuspend&) = delete;
  TerminalSuspend& operator=(const TerminalSuspend&) = delete;

 private:
  CursesScreen& screen_;
};

}  // namespace opsdeck::ui
