#pragma once
// The console's top line: app name, environment (with a PROD badge in production),
// profile, region, account, a spinner while requests are in flight, and the clock.
// Pure drawing into the grid.

#include <string>

#include "widgets/cell_grid.hpp"

namespace opsdeck::app {

struct HeaderInfo {
  std::string environment;  // "" when none is configured
  bool production = false;
  std::string profile;
  std::string region;
  std::string account;      // "" until GetCallerIdentity answered
  int in_flight = 0;        // requests running; the spinner shows while > 0
  // Fleet mode (fleet_console.hpp): the fleet's name instead of profile, region and
  // account, and how many members answered, failed, or failed after answering before.
  std::string fleet;
  int members_up = 0, members_failed = 0, members_stale = 0;
};

// `clock` is preformatted ("14:05 UTC"); `spinner_frame` advances the spinner.
void render_header(ui::CellGrid& grid, ui::Rect area, const HeaderInfo& info, const std::string& clock,
                   int spinner_frame, bool ascii);

}  // namespace opsdeck::app
