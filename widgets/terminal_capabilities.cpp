#include "widgets/terminal_capabilities.hpp"

#include <curses.h>
#include <term.h>
#include <unistd.h>

namespace opsdeck::ui {

TerminalCapabilities terminal_capabilities(const std::string& term) {
  TerminalCapabilities caps;
  if (term.empty()) return caps;
  int error = 0;
  TERMINAL* previous = cur_term;
  // fd -1 would make setupterm print to stdout on an error; a valid fd that is not a
  // terminal only means no window size is read.
  if (setupterm(term.c_str(), STDERR_FILENO, &error) != OK) {
    set_curterm(previous);
    return caps;
  }
  caps.known = true;
  int colours = tigetnum(const_cast<char*>("colors"));
  caps.colours = colours > 0 ? colours : 0;
  TERMINAL* loaded = set_curterm(previous);
  if (loaded && loaded != previous) del_curterm(loaded);
  return caps;
}

}  // namespace opsdeck::ui
