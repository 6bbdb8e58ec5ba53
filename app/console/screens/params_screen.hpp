#pragma once
// The `:params` (alias `:ssm`) view: Parameter Store's parameters (app/resources/
// parameters.hpp) — name, type, version, last modified — with every value masked. `v`
// reveals the selected parameter only (GetParameter WithDecryption, on demand; see
// reveal_screen.hpp); `e` (the action.edit capability in resource_actions.cpp) overwrites it
// through the gate; `h` opens its version history.
//
// The history view (app/resources/parameter_history.hpp): one row per version, newest
// first, with what changed. Enter reads the history WITH decryption, on demand, and shows the
// selected version's diff against the one before it in a SecretValueScreen (wiped when it
// closes, never logged); `B` restores the version (parameter_version_capabilities.hpp).
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include <memory>

#include "app/console/screens/reveal_screen.hpp"

namespace opsdeck::app {

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env);
void open_parameter_history(const ScreenEnv& env, const Resource& parameter);

}  // namespace opsdeck::app
