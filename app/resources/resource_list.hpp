#pragma once
// ResourceList: everything about one list of resources, declared once in its own file under
// app/resources/ and used by both front ends — `opsdeck <list> --output table|json`
// (app/list_runner.hpp) and the console, as a pane (app/console/live_console.hpp) or a view
// pushed over the panes (app/console/screens/list_screen.hpp):
//   - `fetch`: one read over an AsyncCaller, returning a Snapshot (required services fail
//     the read; optional ones — Lightsail, ElastiCache — asked at the same time, one
//     attempt each, only leave their rows out). A list read under one resource (a
//     cluster's services, a service's tasks) takes it as FetchOptions::parent;
//   - `keys`: the documented fields, in order (JSON keys; upper-cased, the table's headers);
//   - `pane`: the console's columns, each reading a Resource's fields;
//   - `before`: the display order, the same in the table, the JSON and the console.
// Adding a list: one file here that defines its ResourceList, and a line in
// resource_lists.cpp.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/resources/cell_text.hpp"
#include "app/resources/resource.hpp"
#include "aws/service_call.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

// Optional services that failed once, so a console session stops asking them. Shared by
// the reads of one session; any thread.
struct OptionalSources {
  std::atomic<bool> lightsail_unavailable{false};
  std::atomic<bool> elasticache_unavailable{false};
  std::atomic<bool> ssm_unavailable{false};
};

struct FetchOptions {
  std::shared_ptr<OptionalSources> optional;  // null: ask every optional service
  bool alarm_series = false;                   // alarms: also the metrics' last 3 h (one GetMetricData)
  // instances: also each EC2 instance's SSM agent status (field "ssm": "Online",
  // "ConnectionLost", ... or null when not managed; one DescribeInstanceInformation read,
  // optional like Lightsail)
  bool agent_status = false;
  std::optional<Resource> parent;              // the resource a scoped list is read under
  SysTime now = std::chrono::system_clock::now();  // metrics' time window (queues' oldest message)
};

// Runs once, on the AsyncCaller's completion thread (AwsClient: its IO thread).
using SnapshotCallback = std::function<void(aws::Result<Snapshot>)>;

// What a pane cell may need besides the row: the time and the alarms' series.
struct CellContext {
  SysTime now;
  const std::map<std::string, std::vector<double>>* series = nullptr;
};

struct PaneColumn {
  ui::Column column;
  std::function<ui::TableCell(const Resource&, const CellContext&)> cell;
};

struct ResourceList {
  std::string name;               // instances, databases, ... (resource_lists.hpp)
  std::vector<std::string> keys;  // documented fields, in order
  std::vector<PaneColumn> pane;   // the console's columns
  // Read only under a parent resource (FetchOptions::parent): not a headless command.
  bool needs_parent = false;
  std::function<bool(const Resource&, const Resource&)> before;
  std::function<void(const aws::AsyncCaller&, const FetchOptions&, SnapshotCallback)> fetch;

  std::vector<ui::Column> pane_columns() const;
  std::vector<ui::TableCell> pane_cells(const Resource& r, const CellContext& ctx) const;
  // Sorts into the display order (stable).
  void sort(std::vector<Resource>& rows) const;
};

// Text of one field for the headless table: "-" for null, "yes"/"no", numbers as printed.
std::string table_text(const nlohmann::ordered_json& value);
// What the console's `/` filter matches in a row besides its shown cells: every field's
// value — the ids, IPs and ARNs a list keeps but may not show (or drops at a narrow width),
// object fields as "key=value" — then the resource's search_terms; one space between,
// sanitized.
std::string search_text(const Resource& r);
// null for "" (absent values print as null in JSON and "-" in the table).
nlohmann::json null_if_empty(const std::string& s);
// A field as it is (null when absent).
const nlohmann::ordered_json& field_value(const Resource& r, const char* key);
// A field as a string ("" when absent or not a string).
std::string field_text(const Resource& r, const char* key);
// A field as a whole number (0 when absent, null or not a number).
long long field_number(const Resource& r, const char* key);
// A field as a flag (false when absent, null or not a boolean).
bool field_flag(const Resource& r, const char* key);
// The error of a scoped list read without the parent it needs ("tasks are listed under one
// ECS service").
aws::Error parent_required(const std::string& what);
// A sanitized cell (widgets/text_sanitizer.hpp): what AWS returns is shown, never obeyed.
ui::TableCell cell_of(const std::string& text, ui::Role role = ui::Role::Default);

}  // namespace opsdeck::app
