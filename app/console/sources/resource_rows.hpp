#pragma once
// Rows of a console table (a pane or a view pushed over the panes): display-safe cells, a
// stable key per row (the selection survives a refresh), each row's raw document (the `d`
// detail view) and, where one table mixes kinds, each row's kind. pane_rows() makes them
// from a resource list's snapshot (app/resources/resource_list.hpp declares the columns and
// the order). No I/O, no clock reads (`now` is passed in), no shared state: any thread (the
// live console makes a pane's rows on the IO thread that received the answer).

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/resources/cell_text.hpp"
#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

struct PaneRows {
  std::vector<ui::VectorTableSource::Row> rows;
  std::vector<std::string> keys;
  std::vector<nlohmann::json> documents;  // parallel to rows
  // Parallel to rows (or empty): what the `/` filter also matches without it being shown
  // (resource_list.hpp: search_text()).
  std::vector<std::string> search;
  // Parallel to rows where one table mixes kinds (EC2 and Lightsail instances); empty: every
  // row is the pane's or the view's own kind. What a row is comes from here, never from
  // its key's text.
  std::vector<ResourceType> kinds;
  // The kinds as the pane and views look them up.
  std::map<std::string, ResourceType> kind_map() const;
};

// The cells, keys and kinds of a list's snapshot (no documents: the caller keeps the
// resources themselves, keyed by row_key).
PaneRows pane_rows(const ResourceList& list, const Snapshot& snapshot, SysTime now);

// The Logs pane's columns (its rows come from LiveLogs).
std::vector<ui::Column> log_columns();

}  // namespace opsdeck::app
