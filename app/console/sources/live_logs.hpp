#pragma once
// LiveLogs: the console's one store of the followed log group's events, and the Logs
// pane's rows read from it.
//
// Events arrive as LogTail delivered them: already deduplicated (LogTail's id sets, which
// outlive a paused follow, see polling_log_source.hpp) and in display order, so nothing
// here deduplicates again. Each event is stored once, in a LogBuffer (200,000 lines by
// default, as "group/stream" lines); the full-screen view (LogScreen over store()) shows
// every line held, and this object, a TableSource, is the Logs pane: the newest
// `pane_rows` lines of the same store. add() appends one row per new line and drops rows
// past the cap from the front; rows already built are never rebuilt. A row's colour comes
// from widgets/log_fields (line_fields / level_role), the same extraction the full-screen
// view uses, and so do its LEVEL column and, for JSON lines, its readable message
// ("msg  key=value ..."). The detail document of a row (`d`: the line as written, and a
// JSON line's fields) is made when asked for.
//
// Threads: UI thread only (fed by the console's log sink through the event loop).

#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/logs/log_buffer.hpp"
#include "app/logs/log_event.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

inline constexpr std::size_t kLogPaneRows = 2000;

class LiveLogs final : public ui::TableSource {
 public:
  explicit LiveLogs(LogBufferLimits limits = {}, std::size_t pane_rows = kLogPaneRows);

  // Stores a batch (each event once) and appends its rows to the pane.
  void add(const std::vector<LogEvent>& events);
  // Drops every event and row (another group is followed).
  void clear();

  // The store the full-screen view reads (a LogScreen over it).
  const LogBuffer& store() const { return store_; }
  // The detail document of the row keyed `key`: group, stream, timestamp, eventId, message.
  std::optional<nlohmann::json> document(const std::string& key) const;
  // Pane rows made since construction: one per stored event, never more (a rebuild of the
  // pane would show here).
  std::uint64_t rows_built() const { return rows_built_; }

  // ui::TableSource: the pane's rows, oldest first (the bottom row is the newest line).
  const std::vector<ui::Column>& columns() const override { return columns_; }
  std::size_t row_count() const override { return rows_.size(); }
  const ui::TableCell& cell(std::size_t row, std::size_t column) const override;
  // The line's sequence number in the store, so a selection survives new batches.
  std::string row_key(std::size_t row) const override;
  std::uint64_t version() const override { return version_; }

 private:
  struct Row {
    std::uint64_t seq = 0;
    std::int64_t timestamp_ms = 0;
    std::uint32_t source = 0;
    std::string event_id;
    bool json = false;  // the line is a JSON object (its document gets its fields)
    std::vector<ui::TableCell> cells;
  };

  std::vector<ui::Column> columns_;
  LogBuffer store_;
  std::size_t pane_rows_;
  std::deque<Row> rows_;
  std::vector<std::string> groups_;  // by the store's source id: the log group of "group/stream"
  std::uint64_t version_ = 0;
  std::uint64_t rows_built_ = 0;
  ui::TableCell empty_;
};

}  // namespace opsdeck::app
