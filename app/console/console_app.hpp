#pragma once
// Runs the interactive console (opsdeck with no subcommand): opens the terminal, builds
// the ConsoleView, and runs the UI loop until the user quits. Returns the exit code (0 on
// a normal quit; 1 when the terminal cannot be opened). The terminal is restored however
// the console ends. Runs on the main thread, which becomes the UI thread.

#include "app/global_options.hpp"

namespace opsdeck::app {

int run_console(const GlobalOptions& options);

}  // namespace opsdeck::app
