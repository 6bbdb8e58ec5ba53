#pragma once
// A titled pane of the console: a frame with "Title (count)" and a Table over a
// TableSource inside. The lead connects AWS-backed sources later (set_source); until then
// a pane shows its columns and a "waiting for data" line. UI thread only.

#include <memory>
#include <string>

#include "widgets/cell_grid.hpp"
#include "widgets/table.hpp"

namespace opsdeck::app {

class Pane {
 public:
  Pane(std::string title, std::shared_ptr<const ui::TableSource> source);

  const std::string& title() const { return title_; }
  ui::Table& table() { return table_; }
  void set_source(std::shared_ptr<const ui::TableSource> source) { table_.set_source(std::move(source)); }
  // Extra text after the count in the title (e.g. "● following", "stale 2m").
  void set_note(std::string note) { note_ = std::move(note); }

  void render(ui::CellGrid& grid, ui::Rect area, bool focused, bool ascii);
  ui::Rect last_area() const { return area_; }

 private:
  std::string title_;
  std::string note_;
  ui::Table table_;
  ui::Rect area_;
};

}  // namespace opsdeck::app
