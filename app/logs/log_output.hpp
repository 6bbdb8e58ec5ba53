#pragma once
// How `opsdeck logs` prints an event. Text: "2026-11-21T10:00:00.123Z group/stream message",
// every byte of remote text sanitised (escapes and controls made visible, invalid UTF-8 ->
// U+FFFD). JSON: one object per line with group, stream, timestamp, ingestion_time (epoch
// ms), event_id, message (invalid UTF-8 replaced). Pure functions; any thread.

#include <cstdint>
#include <string>

#include "app/logs/log_event.hpp"

namespace opsdeck::app {

enum class LogOutputFormat { Text, Json };

std::string iso8601_ms(std::int64_t epoch_ms);
// Appends one line (with '\n') to `out`.
void format_log_event(const LogEvent& e, LogOutputFormat format, std::string& out);

}  // namespace opsdeck::app
