#pragma once
// The `:params` (alias `:ssm`) view: Parameter Store's parameters (app/resources/
// parameters.hpp) — name, type, version, last modified — with every value masked. `v`
// reveals the selected parameter only (GetParameter WithDecryption, on demand; see
// reveal_screen.hpp); `e` (the action.edit capability in resource_actions.cpp) overwrites it
// through the gate.
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include <memory>

#include "app/console/screens/reveal_screen.hpp"

namespace opsdeck::app {

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env);

}  // namespace opsdeck::app
