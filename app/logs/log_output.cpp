#include "app/logs/log_output.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

std::string iso8601_ms(std::int64_t ms) {
  std::int64_t secs = ms / 1000, frac = ms % 1000;
  if (frac < 0) {
    frac += 1000;
    --secs;
  }
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

void format_log_event(const LogEvent& e, LogOutputFormat format, std::string& out) {
  if (format == LogOutputFormat::Json) {
    nlohmann::json j{{"group", e.group},         {"stream", e.stream},     {"timestamp", e.timestamp_ms},
                     {"ingestion_time", e.ingestion_ms}, {"event_id", e.event_id}, {"message", e.message}};
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
    return;
  }
  std::string_view msg = e.message;
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.remove_suffix(1);
  out += iso8601_ms(e.timestamp_ms);
  out += ' ';
  out += ui::sanitize_plain(e.group);
  out += '/';
  out += ui::sanitize_plain(e.stream);
  out += ' ';
  out += ui::sanitize_plain(msg);
  out += '\n';
}

}  // namespace opsdeck::app
