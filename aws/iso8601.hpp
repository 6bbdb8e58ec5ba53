#pragma once
// ISO-8601 timestamps as AWS sends them ("2024-05-01T12:00:00Z", "...:00.123Z",
// "...+00:00"). nullopt when the text is not one.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace opsdeck::aws {

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);
std::string format_iso8601(std::chrono::system_clock::time_point t);  // "2024-05-01T12:00:00Z"

}  // namespace opsdeck::aws
