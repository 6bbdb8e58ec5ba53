#pragma once
// Real ncursesw for benchmarks, writing to /dev/null: frames go through curses' own work
// (diffing, escape sequences) but reach no terminal. /dev/null has no size, so ncurses takes
// it from LINES / COLUMNS, which the constructor sets.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "widgets/curses_screen.hpp"

namespace opsdeck::bench {

struct NullScreen {
  std::FILE* out = std::fopen("/dev/null", "w");
  std::FILE* in = std::fopen("/dev/null", "r");
  std::unique_ptr<ui::CursesScreen> screen;
  NullScreen(int width, int height) {
    ::setenv("LINES", std::to_string(height).c_str(), 1);
    ::setenv("COLUMNS", std::to_string(width).c_str(), 1);
    std::string error;
    ui::ScreenOptions o;
    o.mouse = false;
    o.force_ascii = false;
    screen = ui::CursesScreen::open_on(out, in, "xterm-256color", ui::Theme::builtin_dark(), o, error);
    if (!screen) std::fprintf(stderr, "curses: %s\n", error.c_str());
  }
  ~NullScreen() {
    screen.reset();
    std::fclose(out);
    std::fclose(in);
  }
  NullScreen(const NullScreen&) = delete;
  NullScreen& operator=(const NullScreen&) = delete;
};

}  // namespace opsdeck::bench
