#pragma once
// Common fields pulled out of a log line for columns and colouring: level, HTTP status and
// latency, from JSON lines, nginx/Apache access lines and ALB access-log lines, with a
// plain-text level word as the fallback. Plus JSON pretty/compact helpers for the view.
// Pure functions; any thread.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::ui {

enum class LogLevel : unsigned char { Unknown, Trace, Debug, Info, Warn, Error, Fatal };
const char* to_string(LogLevel l);

struct LogFields {
  LogLevel level = LogLevel::Unknown;
  int status = 0;        // HTTP status, 0 when none
  std::string latency;   // as written ("0.123", "45ms"), "" when none
  bool json = false;     // the line is a JSON object
};

LogFields extract_fields(std::string_view line);
LogLevel parse_level_word(std::string_view word);

// Pretty-prints a JSON object line (2-space indent) into rows; empty when not JSON.
std::vector<std::string> json_pretty_rows(std::string_view line);
// The string form of `key` in a JSON object line, or nullopt-like "" with found=false.
std::string json_value_of(std::string_view line, const std::string& key, bool& found);

}  // namespace opsdeck::ui
