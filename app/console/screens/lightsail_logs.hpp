#pragma once
// A Lightsail container's log in the console's log view (`l` on a container service in
// `:lightsail`): GetContainerLog through the tail engine (LightsailLogFetcher under a
// PollingLogSource), from 30 minutes back, following by polling while the view is open and
// stopped when it closes (the view owns the follower). With several containers in the
// current deployment, a list of them comes first (Enter opens one).
//
// Threads: UI thread; the follower polls on its worker thread and only posts.
// Ownership: the follower needs env.sync (a blocking caller) and the view's owner's client
// to outlive the log view (the console pops every screen before it replaces its client).

#include <string>
#include <vector>

#include "app/console/screens/screen_env.hpp"

namespace opsdeck::app {

void open_lightsail_logs(const ScreenEnv& env, const std::string& service, const std::vector<std::string>& containers);
// The log view of one container.
void open_container_log(const ScreenEnv& env, const std::string& service, const std::string& container);

}  // namespace opsdeck::app
