#pragma once
// A titled pane of the console: a frame with "Title (count)" and a Table over a
// TableSource inside. The lead connects AWS-backed sources later (set_source); until then
// a pane shows its columns and a "waiting for data" line. UI thread only.

#include <map>
#include <memory>
#include <string>

#include "app/resources/resource_type.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/table.hpp"

namespace opsdeck::app {

class Pane {
 public:
  // `kind`: what its rows are unless set_kinds() says otherwise for a row.
  Pane(std::string title, std::shared_ptr<const ui::TableSource> source, ResourceType kind);

  const std::string& title() const { return title_; }
  void set_title(std::string title) { title_ = std::move(title); }
  ui::Table& table() { return table_; }
  void set_source(std::shared_ptr<const ui::TableSource> source) { table_.set_source(std::move(source)); }
  // The kinds of rows that are not the pane's own (PaneRows::kind_map()), replaced whole.
  void set_kinds(std::map<std::string, ResourceType> kinds) { kinds_ = std::move(kinds); }
  ResourceType kind_of(const std::string& key) const {
    if (key.empty()) return ResourceType::None;
    auto it = kinds_.find(key);
    return it == kinds_.end() ? kind_ : it->second;
  }
  // Extra text after the count in the title (e.g. "● following", "stale 2m").
  void set_note(std::string note) { note_ = std::move(note); }

  void render(ui::CellGrid& grid, ui::Rect area, bool focused, bool ascii);
  ui::Rect last_area() const { return area_; }

 private:
  std::string title_;
  ResourceType kind_;
  std::map<std::string, ResourceType> kinds_;
  std::string note_;
  ui::Table table_;
  ui::Rect area_;
};

}  // namespace opsdeck::app
