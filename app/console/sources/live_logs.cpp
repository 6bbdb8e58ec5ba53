#include "app/console/sources/live_logs.hpp"

#include <algorithm>
#include <ctime>

#include "app/console/sources/resource_rows.hpp"
#include "aws/json_document.hpp"
#include "widgets/log_fields.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::string hhmmss(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

}  // namespace

LiveLogs::LiveLogs(LogBufferLimits limits, std::size_t pane_rows)
    : columns_(log_columns()), store_(limits), pane_rows_(std::max<std::size_t>(pane_rows, 1)) {}

void LiveLogs::add(const std::vector<LogEvent>& events) {
  if (events.empty()) return;
  for (const auto& e : events) {
    const std::uint32_t source = store_.intern_source(e.group + "/" + e.stream);
    if (groups_.size() <= source) groups_.resize(source + 1);
    groups_[source] = e.group;
    const std::uint64_t seq = store_.append(e.timestamp_ms, source, e.message);
    std::string text(store_.at(store_.size() - 1).text);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const ui::LogFields fields = ui::line_fields(text);
    const ui::Role role = ui::level_role(fields);
    Row row{seq, e.timestamp_ms, source, e.event_id, fields.json, {}};
    row.cells = {{hhmmss(e.timestamp_ms), ui::Role::Dim},
                 {ui::to_string(fields.level), role == ui::Role::Default ? ui::Role::Dim : role},
                 {ui::sanitize_plain(e.stream), ui::Role::LogSource},
                 {ui::sanitize_plain(ui::readable_line(fields, text, false)), role}};
    rows_.push_back(std::move(row));
    ++rows_built_;
  }
  while (rows_.size() > pane_rows_) rows_.pop_front();
  ++version_;
}

void LiveLogs::clear() {
  store_.clear();
  rows_.clear();
  groups_.clear();
  ++version_;
}

const ui::TableCell& LiveLogs::cell(std::size_t row, std::size_t column) const {
  if (row >= rows_.size() || column >= rows_[row].cells.size()) return empty_;
  return rows_[row].cells[column];
}

std::string LiveLogs::row_key(std::size_t row) const {
  return row < rows_.size() ? std::to_string(rows_[row].seq) : std::string();
}

std::optional<nlohmann::json> LiveLogs::document(const std::string& key) const {
  // Rows are in store order: find the row by its sequence number.
  std::uint64_t seq = 0;
  try {
    std::size_t used = 0;
    seq = std::stoull(key, &used);
    if (used != key.size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  auto it = std::lower_bound(rows_.begin(), rows_.end(), seq, [](const Row& r, std::uint64_t s) { return r.seq < s; });
  if (it == rows_.end() || it->seq != seq) return std::nullopt;
  const std::string& label = store_.source_name(it->source);
  const std::string group = it->source < groups_.size() ? groups_[it->source] : std::string();
  const std::string stream = label.size() > group.size() ? label.substr(group.size() + 1) : std::string();
  // The line as written (sanitised; the pane shows JSON lines in their readable form), and
  // a JSON line's fields as a document of their own.
  const auto line = store_.line(it->seq);
  std::string_view raw = line ? line->text : std::string_view();
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  std::string text = ui::sanitize_plain(raw);
  nlohmann::json doc{{"group", group},
                     {"stream", stream},
                     {"timestamp", it->timestamp_ms},
                     {"eventId", it->event_id},
                     {"message", text}};
  if (it->json && line) {
    nlohmann::json fields;
    aws::JsonProblem problem;
    if (aws::read_json_text(raw, fields, problem) && fields.is_object()) doc["fields"] = std::move(fields);
  }
  return doc;
}

}  // namespace opsdeck::app
