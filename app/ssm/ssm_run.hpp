#pragma once
// `opsdeck ssm run INSTANCE -- COMMAND...`: runs a shell command through SSM Run Command,
// prints its output as it grows (stdout to stdout, stderr to stderr) and exits with the
// command's exit code. Failed without a code, TimedOut and Cancelled exit non-zero with a
// message on stderr; Ctrl-C cancels the command (CancelCommand) and exits 130;
// --readonly refuses before anything is sent (exit 5).
//
// Threads: blocks the calling (main) thread; output is written from the SSM polling thread.

#include <chrono>
#include <string>
#include <vector>

#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

struct SsmRunOptions {
  std::string instance;              // i-... or a Name tag, or tag:KEY=V1,V2
  std::vector<std::string> command;  // words after --, joined with spaces
  int timeout_seconds = 1800;
  bool yes = false;  // --yes: answers the production yes/no question
  bool raw = false;  // --raw: output bytes untouched when not a terminal
};

int run_ssm_run(SessionRegistry& sessions, const GlobalOptions& global, const SsmRunOptions& options);

}  // namespace opsdeck::app
