#pragma once
// Parses the start of a tail: "now", a relative "30s" | "10m" | "1h" | "2d" | "1w" before
// now, or an ISO-8601 time "2026-11-21T10:00[:SS[.fff]][Z|+HH:MM]" (UTC when no offset
// is given, like `aws logs tail`). A range is "START..END" with either side in the same
// forms. Pure functions; any thread.

#include <cstdint>
#include <optional>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::app {

// Epoch milliseconds for one point, relative values counted back from `now_ms`.
aws::Result<std::int64_t> parse_time_point(std::string_view text, std::int64_t now_ms);

struct TimeRange {
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms;  // none: open (follow or up to now)
};
aws::Result<TimeRange> parse_time_range(std::string_view text, std::int64_t now_ms);

}  // namespace opsdeck::app
