#include "widgets/curses_screen.hpp"

#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "widgets/ascii_fallback.hpp"
#include "widgets/terminal_restore.hpp"
#include "widgets/unicode_width.hpp"

// Last: term.h defines macros with common names (columns, lines).
#include <curses.h>
#include <term.h>

// term.h defines macros with common names; keep them out of the code below.
#undef lines
#undef columns

namespace opsdeck::ui {

namespace {

std::string terminfo_string(const char* cap) {
  char* s = tigetstr(const_cast<char*>(cap));
  if (s == nullptr || s == reinterpret_cast<char*>(-1)) return {};
  return s;
}

short pair_of(Role r) { return static_cast<short>(static_cast<int>(r) + 1); }

attr_t attrs_of(const Style& s, const Cell& c) {
  attr_t a = A_NORMAL;
  if (s.bold || c.bold) a |= A_BOLD;
  if (s.dim) a |= A_DIM;
  if (s.underline || c.underline) a |= A_UNDERLINE;
  if (s.reverse) a |= A_REVERSE;
  return a;
}

std::optional<KeyEvent> from_keycode(int code) {
  switch (code) {
    case KEY_UP: return KeyEvent::of(Key::Up);
    case KEY_DOWN: return KeyEvent::of(Key::Down);
    case KEY_LEFT: return KeyEvent::of(Key::Left);
    case KEY_RIGHT: return KeyEvent::of(Key::Right);
    case KEY_HOME: return KeyEvent::of(Key::Home);
    case KEY_END: return KeyEvent::of(Key::End);
    case KEY_PPAGE: return KeyEvent::of(Key::PageUp);
    case KEY_NPAGE: return KeyEvent::of(Key::PageDown);
    case KEY_BTAB: return KeyEvent::of(Key::BackTab);
    case KEY_BACKSPACE: return KeyEvent::of(Key::Backspace);
    case KEY_DC: return KeyEvent::of(Key::Delete);
    case KEY_IC: return KeyEvent::of(Key::Insert);
    case KEY_ENTER: return KeyEvent::of(Key::Enter);
    case KEY_RESIZE: return KeyEvent::of(Key::Resize);
    default: break;
  }
  if (code >= KEY_F(1) && code <= KEY_F(12))
    return KeyEvent::of(static_cast<Key>(static_cast<int>(Key::F1) + code - KEY_F(1)));
  return std::nullopt;
}

KeyEvent from_char(wint_t ch) {
  switch (ch) {
    case '\n': case '\r': return KeyEvent::of(Key::Enter);
    case '\t': return KeyEvent::of(Key::Tab);
    case 27: return KeyEvent::of(Key::Escape);
    case 127: case 8: return KeyEvent::of(Key::Backspace);
    default: break;
  }
  if (ch == 0) return KeyEvent::control(' ');
  if (ch < 27) return KeyEvent::control(static_cast<char32_t>('a' + ch - 1));
  return KeyEvent::character(static_cast<char32_t>(ch));
}

}  // namespace

std::unique_ptr<CursesScreen> CursesScreen::open(const Theme& theme, const ScreenOptions& options,
                                                 std::string& error) {
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) {
    error = "the console needs a terminal (stdin and stdout must be a tty)";
    return nullptr;
  }
  return open_on(stdout, stdin, nullptr, theme, options, error);
}

std::unique_ptr<CursesScreen> CursesScreen::open_on(std::FILE* out, std::FILE* in, const char* term,
                                                    const Theme& theme, const ScreenOptions& options,
                                                    std::string& error) {
  std::setlocale(LC_ALL, "");
  std::unique_ptr<CursesScreen> s(new CursesScreen());
  bool utf8 = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
  s->ascii_ = options.force_ascii.value_or(!utf8);
  s->input_fd_ = ::fileno(in);

  // Save the terminal modes and install the handlers before curses changes anything.
  s->armed_ = TerminalRestore::arm(s->input_fd_);
  SCREEN* scr = newterm(term, out, in);
  if (scr == nullptr) {
    if (s->armed_) TerminalRestore::disarm();
    s->armed_ = false;
    const char* t = term ? term : std::getenv("TERM");
    error = std::string("cannot open the terminal (TERM=") + (t ? t : "") + ")";
    return nullptr;
  }
  s->screen_ = scr;
  s->out_ = out;
  set_term(scr);
  if (terminfo_string("cup").empty()) {
    // TERM=dumb and friends: no cursor addressing, so no full-screen UI is possible.
    const char* t = term ? term : std::getenv("TERM");
    error = std::string("TERM=") + (t ? t : "") +
            " cannot position the cursor; use a headless subcommand (opsdeck --help) or a real terminal";
    return nullptr;  // the destructor ends curses and restores the terminal
  }
  std::string reset = terminfo_string("rmcup") + terminfo_string("cnorm") + terminfo_string("sgr0") +
                      terminfo_string("rmkx");
  if (options.mouse) reset += "\x1b[?1000l\x1b[?1002l\x1b[?1006l";
  if (s->armed_) TerminalRestore::set_reset_sequence(reset);

  raw();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(options.escape_delay_ms);
  curs_set(0);
  leaveok(stdscr, TRUE);
  if (options.mouse) {
    mousemask(ALL_MOUSE_EVENTS, nullptr);
    mouseinterval(0);
  }
  s->colours_ = 0;
  if (!options.monochrome && has_colors()) {
    start_color();
    use_default_colors();
    s->colours_ = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : COLORS >= 8 ? 8 : 0;
  }
  if (options.force_colours) s->colours_ = *options.force_colours;
  s->set_theme(theme);
  return s;
}

CursesScreen::~CursesScreen() {
  if (screen_ == nullptr) return;
  set_term(static_cast<SCREEN*>(screen_));
  endwin();
  delscreen(static_cast<SCREEN*>(screen_));
  if (armed_) TerminalRestore::disarm();
}

int CursesScreen::width() const { return COLS; }
int CursesScreen::height() const { return LINES; }

void CursesScreen::set_theme(const Theme& theme) {
  theme_ = theme;
  init_colours();
  invalidate();
}

void CursesScreen::init_colours() {
  if (colours_ <= 0) return;
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    Role r = static_cast<Role>(i);
    Style st = adapt_style(theme_.style(r), r, colours());
    if (pair_of(r) < COLOR_PAIRS) init_pair(pair_of(r), static_cast<short>(st.fg), static_cast<short>(st.bg));
  }
}

void CursesScreen::invalidate() {
  shown_.resize(0, 0);
  clearok(curscr, TRUE);
}

void CursesScreen::draw_cell(int x, int y, const Cell& cell) {
  Style st = adapt_style(theme_.style(cell.role), cell.role, colours());
  attr_t attrs = attrs_of(st, cell);
  short pair = colours_ > 0 && pair_of(cell.role) < COLOR_PAIRS ? pair_of(cell.role) : 0;
  wchar_t wide[CCHARW_MAX + 1] = {};
  if (ascii_) {
    std::string a = cell.width == 0 ? " " : ascii_glyph(cell.glyph);
    wide[0] = static_cast<wchar_t>(a[0]);
  } else {
    std::size_t pos = 0;
    int n = 0;
    while (pos < cell.glyph.size() && n < CCHARW_MAX) wide[n++] = static_cast<wchar_t>(next_codepoint(cell.glyph, pos));
    if (n == 0) wide[0] = L' ';
  }
  cchar_t cc;
  setcchar(&cc, wide, attrs, pair, nullptr);
  mvwadd_wch(stdscr, y, x, &cc);
}

void CursesScreen::flush(const CellGrid& grid) {
  bool full = shown_.width() != grid.width() || shown_.height() != grid.height();
  if (full) {
    shown_.resize(grid.width(), grid.height());
    for (int y = 0; y < grid.height(); ++y)
      for (int x = 0; x < grid.width(); ++x) shown_.at(x, y).glyph.clear();  // never equal
  }
  std::size_t written = 0;
  for (int y = 0; y < grid.height() && y < LINES; ++y) {
    for (int x = 0; x < grid.width() && x < COLS; ++x) {
      const Cell& c = grid.at(x, y);
      Cell& old = shown_.at(x, y);
      if (c == old) continue;
      old = c;
      // A continuation cell is drawn by its wide neighbour, except in ASCII mode.
      if (c.width == 0 && !ascii_) continue;
      draw_cell(x, y, c);
      ++written;
    }
  }
  last_cells_ = written;
  wnoutrefresh(stdscr);
  doupdate();
}

std::optional<KeyEvent> CursesScreen::read_key() {
  wint_t ch = 0;
  int r = wget_wch(stdscr, &ch);
  if (r == ERR) return std::nullopt;
  if (r == KEY_CODE_YES) {
    if (ch == KEY_MOUSE) {
      MEVENT me;
      if (getmouse(&me) != OK) return std::nullopt;
      MouseAction a = MouseAction::None;
      int button = 0;
      if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) a = MouseAction::Press, button = 1;
      else if (me.bstate & (BUTTON3_PRESSED | BUTTON3_CLICKED)) a = MouseAction::Press, button = 3;
      else if (me.bstate & BUTTON4_PRESSED) a = MouseAction::WheelUp;
#ifdef BUTTON5_PRESSED
      else if (me.bstate & BUTTON5_PRESSED) a = MouseAction::WheelDown;
#endif
      else if (me.bstate & BUTTON1_RELEASED) a = MouseAction::Release, button = 1;
      if (a == MouseAction::None) return std::nullopt;
      return KeyEvent::click(me.x, me.y, a, button);
    }
    if (ch == KEY_RESIZE) invalidate();
    return from_keycode(static_cast<int>(ch));
  }
  if (ch == 27) {
    // ESC followed at once by a character is Alt+character.
    wint_t next = 0;
    if (wget_wch(stdscr, &next) == OK) {
      KeyEvent e = from_char(next);
      e.alt = true;
      return e;
    }
  }
  return from_char(ch);
}

TerminalSuspend::TerminalSuspend(CursesScreen& screen) : screen_(screen) {
  // The UI thread now runs the child synchronously and cannot see a quit request: until
  // curses is back, SIGTERM/SIGHUP restore the terminal and end the process from the handler.
  TerminalRestore::defer_quit_signals(false);
  def_prog_mode();
  endwin();
  std::fflush(stdout);
}

TerminalSuspend::~TerminalSuspend() {
  reset_prog_mode();
  // The child owned SIGWINCH meanwhile: pick up a size change curses did not see.
  winsize ws{};
  if (::ioctl(screen_.input_fd(), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
      (ws.ws_row != LINES || ws.ws_col != COLS))
    resizeterm(ws.ws_row, ws.ws_col);
  screen_.invalidate();
  refresh();
  TerminalRestore::defer_quit_signals(true);
}

}  // namespace opsdeck::ui

namespace opsdeck::ui {

void CursesScreen::write_sequence(const std::string& bytes) {
  if (!out_ || bytes.empty()) return;
  std::fflush(out_);
  std::fwrite(bytes.data(), 1, bytes.size(), out_);
  std::fflush(out_);
}

}  // namespace opsdeck::ui
