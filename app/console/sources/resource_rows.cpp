#include "app/console/sources/resource_rows.hpp"

namespace opsdeck::app {

std::map<std::string, ResourceType> PaneRows::kind_map() const {
  std::map<std::string, ResourceType> out;
  for (std::size_t i = 0; i < keys.size() && i < kinds.size(); ++i) out[keys[i]] = kinds[i];
  return out;
}

PaneRows pane_rows(const ResourceList& list, const Snapshot& snapshot, SysTime now) {
  PaneRows out;
  CellContext ctx{now, &snapshot.series};
  for (const auto& r : snapshot.resources) {
    out.rows.push_back(list.pane_cells(r, ctx));
    out.keys.push_back(row_key(r));
    out.kinds.push_back(r.kind);
    out.search.push_back(search_text(r));
  }
  return out;
}

std::vector<ui::Column> log_columns() {
  return {{"TIME", 8, 8, 1}, {"LEVEL", 5, 5, 3}, {"SOURCE", 6, 24, 2}, {"MESSAGE", 10, 400, 0}};
}

}  // namespace opsdeck::app
