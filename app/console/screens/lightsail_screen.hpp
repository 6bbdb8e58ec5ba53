#pragma once
// The `:lightsail` view: Lightsail instances and container services in one table (each
// row's kind given with it, PaneRows::kinds) — state, bundle or
// power x scale, and the current deployment (version, state, next one in progress). On a
// container service `F` (action.redeploy) creates a new deployment with the current
// deployment's containers and public endpoint (CreateContainerServiceDeployment).
//
// lightsail_rows is pure (for tests). Threads: UI thread; completions post.

#include <vector>

#include "app/console/screens/screen_env.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

// A TableScreen whose rows are of two kinds.
class LightsailScreen : public TableScreen {
 public:
  LightsailScreen();
};

std::vector<ui::Column> lightsail_columns();
PaneRows lightsail_rows(const std::vector<aws::LightsailInstance>& instances,
                        const std::vector<aws::LightsailContainerService>& services, SysTime now);

void open_lightsail(const ScreenEnv& env);

}  // namespace opsdeck::app
