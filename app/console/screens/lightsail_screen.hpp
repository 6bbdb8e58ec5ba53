#pragma once
// The `:lightsail` view: the Lightsail list (app/resources/lightsail.hpp) — instances and
// container services in one table, each row with its own kind — state, bundle or
// power x scale, and the current deployment (version, state, next one in progress). On a
// container service `F` (action.redeploy) creates a new deployment with the current
// deployment's containers and public endpoint (CreateContainerServiceDeployment); `l` opens
// its containers' log (lightsail_logs.hpp) and `m` its CPU and memory graphs (the console's
// metrics command).
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include "app/console/screens/screen_env.hpp"

namespace opsdeck::app {

void open_lightsail(const ScreenEnv& env);

}  // namespace opsdeck::app
