#pragma once
// What the terminfo entry of a terminal type promises, read without opening a screen:
// what `opsdeck doctor` reports about $TERM. Not thread-safe (terminfo keeps one current
// entry); call on the main thread before or after the console, never during it.

#include <string>

namespace opsdeck::ui {

struct TerminalCapabilities {
  int colours = 0;     // terminfo "colors"; 0 when none
  bool known = false;  // a terminfo entry exists for the type
};

// The entry for `term` ("xterm-256color"); `known` is false when there is none.
TerminalCapabilities terminal_capabilities(const std::string& term);

}  // namespace opsdeck::ui
