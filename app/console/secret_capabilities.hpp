#pragma once
// What the secrets view (`:secrets`) does to a secret (see resource_actions.hpp for the gate):
//   `e` put a new value: PutSecretValue (a new version, AWSCURRENT; the old one becomes
//       AWSPREVIOUS), typed masked, shown as "(hidden)" in the dialog and never written to
//       the audit log (validate_secret_value, app/resources/secrets.hpp);
//   `O` rotate now: RotateSecret with the rotation the secret already has (a secret without
//       rotation is refused before anything is sent).
// `v` / `V` (reveal one value / the whole value) are the view's own keys (reveal_screen.hpp).
// UI thread.

#include <string>
#include <vector>

#include "app/console/resource_actions.hpp"

namespace opsdeck::app {

const std::vector<Capability>& secret_capabilities();

}  // namespace opsdeck::app
