#pragma once
// What a log view reads: numbered lines that only ever grow at the end and are evicted at
// the front (app::LogBuffer through app/logs/log_buffer_view_source.hpp, or a test vector).
// Knows nothing of AWS or SSH.
//
// Threads: read on the UI thread only, between appends.

#include <cstdint>
#include <string_view>

namespace opsdeck::ui {

struct LogViewLine {
  std::int64_t timestamp_ms = 0;
  std::string_view source;  // tag such as "group/stream" or "web-1"
  std::string_view text;    // raw bytes: the view sanitises
  bool truncated = false;   // the store cut the line (past 1 MiB)
};

class LogViewSource {
 public:
  virtual ~LogViewSource() = default;
  virtual std::uint64_t first_seq() const = 0;
  virtual std::uint64_t end_seq() const = 0;
  // Valid for first_seq() <= seq < end_seq(); the views are valid until the next append.
  virtual LogViewLine line(std::uint64_t seq) const = 0;
};

}  // namespace opsdeck::ui
