#include "app/console/pane.hpp"

namespace opsdeck::app {

Pane::Pane(std::string title, std::shared_ptr<const ui::TableSource> source, ResourceType kind)
    : title_(std::move(title)), kind_(kind) {
  table_.set_empty_text("waiting for data");
  table_.set_source(std::move(source));
}

void Pane::render(ui::CellGrid& grid, ui::Rect area, bool focused, bool ascii) {
  area_ = area;
  if (area.empty()) return;
  std::string title = title_;
  if (table_.source() && table_.source()->row_count() > 0) {
    std::size_t shown = table_.shown_rows(), total = table_.source()->row_count();
    title += " (" + (shown == total ? std::to_string(total) : std::to_string(shown) + "/" + std::to_string(total)) + ")";
  }
  if (!table_.filter().typed().empty()) title += " /" + table_.filter().typed();
  if (!note_.empty()) title += " " + note_;
  grid.frame(area, focused ? ui::Role::BorderFocused : ui::Role::Border, title, ascii);
  table_.render(grid, area.inset(1), focused, ascii);
}

}  // namespace opsdeck::app
