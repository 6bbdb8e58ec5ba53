#pragma once
// Common fields pulled out of a log line for columns and colouring: level, HTTP status and
// latency, from JSON lines, nginx/Apache access lines and ALB access-log lines, with a
// plain-text level word as the fallback. Plus JSON pretty/compact helpers for the view.
// Pure functions; any thread.

#include <string>
#include <string_view>
#include <utility>
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
  // JSON lines only: the message field (msg, message, event, ...; "" when none) and the
  // other fields as "key=value" pairs by key name, nested objects one level deep
  // as "res.statusCode"; the time field, the level and bookkeeping (v, pid, hostname) are
  // left out. At most kMaxExtras pairs, each value cut at kMaxExtraValue bytes.
  std::string message;
  std::vector<std::pair<std::string, std::string>> extras;
  static constexpr std::size_t kMaxExtras = 12;
  static constexpr std::size_t kMaxExtraValue = 120;
};

// Levels, status and latency come from the keys the common loggers write: pino and bunyan
// (numeric levels 10..60, msg, res.statusCode, responseTime), zap (level, msg, ts),
// logrus (level, msg, time), structlog (event, level, timestamp), Python logging
// (levelname), Serilog compact (@l, @m), ECS (log.level, http.response.status_code), and
// access-log fields (status, request_time, ...).
LogFields extract_fields(std::string_view line);
LogLevel parse_level_word(std::string_view word);
// pino / bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
// (a value between two steps takes the lower one); Unknown below 10.
LogLevel numeric_level(double value);
// A JSON line as a person reads it: "[LEVEL ]message  key=value key="two words" ...";
// the line itself when it is not a JSON object. The level word is put first when
// `with_level` (the log view; the Logs pane has a LEVEL column).
std::string readable_line(std::string_view line, bool with_level);
std::string readable_line(const LogFields& fields, std::string_view line, bool with_level);
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
