#pragma once
// Common fields pulled out of a log line for columns and colouring: level, HTTP status and
// latency, from JSON lines, nginx/Apache access lines and ALB access-log lines, with a
// plain-text level word as the fallback. Plus JSON pretty/compact helpers for the view.
// Pure functions; any thread.

#include <string>
#include <string_view>
#include <vector>

#include "widgets/role.hpp"

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
// The fields of a line's first 4 KiB (cut on a UTF-8 boundary): what the log view and the
// console's Logs pane colour lines by, so both agree.
LogFields line_fields(std::string_view line);
// The role a line is drawn in: HTTP 5xx, ERROR or FATAL -> LogError; WARN -> LogWarn;
// DEBUG or TRACE -> LogDebug; otherwise Default.
Role level_role(const LogFields& fields);

// Pretty-prints a JSON object line (2-space indent) into rows; empty when not JSON.
std::vector<std::string> json_pretty_rows(std::string_view line);
// The string form of `key` in a JSON object line, or nullopt-like "" with found=false.
std::string json_value_of(std::string_view line, const std::string& key, bool& found);

}  // namespace opsdeck::ui
