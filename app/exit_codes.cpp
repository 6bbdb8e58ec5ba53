#include "app/exit_codes.hpp"

namespace opsdeck::app {

int exit_code_for(const aws::Error& e) {
  switch (e.kind) {
    case aws::ErrorKind::Credentials: return kExitCredentials;
    case aws::ErrorKind::NotFound: return kExitNotFound;
    case aws::ErrorKind::ReadOnly: return kExitRefused;
    case aws::ErrorKind::Usage: return kExitUsage;
    case aws::ErrorKind::Missing: return kExitMissing;
    case aws::ErrorKind::Cancelled: return kExitInterrupted;
    default: return kExitError;
  }
}

const std::vector<ExitCodeDoc>& documented_exit_codes() {
  static const std::vector<ExitCodeDoc> codes{
      {"0", "success"},
      {"1", "AWS or runtime error"},
      {"2", "usage: bad flags or arguments (usage on stderr)"},
      {"3", "credentials missing or expired, signature rejected"},
      {"4", "the named resource does not exist"},
      {"5", "refused by read-only mode or a guard (e.g. `--yes` alone in production)"},
      {"6", "a program opsdeck needs is not installed (`session-manager-plugin` for SSM sessions, port "
            "forwards and ECS Exec); the message says how to install it"},
      {"7", "`opsdeck doctor` or `opsdeck config check` found a problem (a FAIL line, an invalid config)"},
      {"8", "partial: some fleet members failed (each listed on stderr with the reason and the fix); the rows "
            "of every member that answered are printed"},
      {"130", "interrupted (Ctrl-C)"},
      {"128+N", "ended by signal N (SIGTERM 143, SIGHUP 129); the terminal is restored first"},
  };
  return codes;
}

}  // namespace opsdeck::app
