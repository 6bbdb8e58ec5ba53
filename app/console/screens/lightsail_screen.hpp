#pragma once
// The `:lightsail` view: Lightsail instances (keyed "lightsail:NAME", like the Instances
// pane) and container services (keyed "container:NAME") in one table — state, bundle or
// power x scale, and the current deployment (version, state, next one in progress). On a
// container service `F` (action.redeploy) creates a new deployment with the current
// deployment's containers and public endpoint (CreateContainerServiceDeployment).
//
// lightsail_rows is pure (for tests). Threads: UI thread; completions post.

#include <vector>

#include "app/console/screens/screen_env.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

// A TableScreen whose rows are of two types, told apart by their key's prefix.
class LightsailScreen : public TableScreen {
 public:
  LightsailScreen();
  ResourceType selected_type() const override;
};

std::vector<ui::Column> lightsail_columns();
PaneRows lightsail_rows(const std::vector<aws::LightsailInstance>& instances,
                        const std::vector<aws::LightsailContainerService>& services, SysTime now);

void open_lightsail(const ScreenEnv& env);

}  // namespace opsdeck::app
