#pragma once
// Documented process exit codes (README "Exit codes").

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
  kExitInterrupted = 130,
};

int exit_code_for(const aws::Error& e);

}  // namespace opsdeck::app
