#pragma once
// Command-line front end: global flags, headless subcommands, and the console when no
// subcommand is given. Runs on the main thread; returns the process exit code.

#include "app/cli_reference.hpp"

namespace opsdeck::app {

int run_cli(int argc, char** argv);

// The command line run_cli() parses, as data: what the completions and the man page are
// generated from.
CliCommand cli_reference();

}  // namespace opsdeck::app
