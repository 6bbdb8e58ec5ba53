#pragma once
// `:snapshots`: every RDS snapshot, manual and automated, newest first (the snapshots
// resource list); `C` on one restores it into a new instance (database_capabilities.hpp).
//
// Threads: UI thread; loads complete through ScreenEnv::post (list_screen.hpp).

#include "app/console/screens/screen_env.hpp"

namespace opsdeck::app {

void open_db_snapshots(const ScreenEnv& env);

}  // namespace opsdeck::app
