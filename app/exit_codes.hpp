#pragma once
// Documented process exit codes (README "Exit codes").

#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app {

enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,        // AWS or runtime error
  kExitUsage = 2,        // bad flags or arguments
  kExitCredentials = 3,  // missing/expired credentials, signature rejected
  kExitNotFound = 4,     // the named resource does not exist
  kExitRefused = 5,      // refused by read-only mode or a guard
  kExitMissing = 6,      // a program opsdeck needs is not installed
  kExitCheckFailed = 7,  // opsdeck doctor or config check found a problem
  kExitPartial = 8,      // a fleet read: some members failed (listed on stderr), the rest printed
  kExitInterrupted = 130,
};

int exit_code_for(const aws::Error& e);

// Every documented exit code with its meaning, in README's words: the man page's EXIT
// STATUS is generated from this, and a test holds README's table to it.
struct ExitCodeDoc {
  const char* code;  // "0", "128+N"
  const char* meaning;
};
const std::vector<ExitCodeDoc>& documented_exit_codes();

}  // namespace opsdeck::app
