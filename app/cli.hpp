#pragma once
// Command-line front end: global flags, headless subcommands, and the console when no
// subcommand is given. Runs on the main thread; returns the process exit code.

namespace opsdeck::app {

int run_cli(int argc, char** argv);

}  // namespace opsdeck::app
