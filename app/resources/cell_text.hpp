#pragma once
// How resource values read in a table cell: ages ("5m", "3h") and a Role per state
// (running = good, stopped = bad, anything else = in between). Pure; the clock is passed in.

#include <chrono>
#include <string>
#include <string_view>

#include "widgets/table_source.hpp"

namespace opsdeck::app {

using SysTime = std::chrono::system_clock::time_point;

// "42s", "5m", "3h", "12d".
std::string short_age(std::chrono::seconds age);
// The age of an ISO-8601 time at `now`; "" for an unparsable timestamp.
std::string age_since(const std::string& iso8601, SysTime now);
ui::Role state_role(std::string_view state);

}  // namespace opsdeck::app
