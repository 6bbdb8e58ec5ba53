#pragma once
// The `:secrets` view: Secrets Manager's secrets (app/resources/secrets.hpp) — name,
// description, last changed, rotation — with every value masked; `v` reveals the selected
// secret only (GetSecretValue on demand; see reveal_screen.hpp).
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include <memory>

#include "app/console/screens/reveal_screen.hpp"

namespace opsdeck::app {

std::shared_ptr<RevealScreen> open_secrets(const ScreenEnv& env);

}  // namespace opsdeck::app
