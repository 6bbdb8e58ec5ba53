#pragma once
// The console's default key map (k9s and vim habits). Contexts: "global" and "table"
// (keys for the focused pane's table). Config overrides are applied with KeyMap::rebind.

#include "widgets/key_map.hpp"

namespace opsdeck::app {

ui::KeyMap default_console_keys();

}  // namespace opsdeck::app
