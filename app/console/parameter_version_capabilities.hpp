#pragma once
// What a parameter's history view (`:params` → `h`) does to a version (see
// resource_actions.hpp for the gate):
//   `B` restore: reads the history with decryption, then PutParameter (Overwrite) with that
//       version's value and type — a NEW version whose value is the old one. Refused for the
//       current version. The value is never shown, audited or kept (wiped after the call).
// UI thread.

#include <vector>

#include "app/console/resource_actions.hpp"

namespace opsdeck::app {

const std::vector<Capability>& parameter_version_capabilities();

}  // namespace opsdeck::app
