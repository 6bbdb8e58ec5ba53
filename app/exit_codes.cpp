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

}  // namespace opsdeck::app
