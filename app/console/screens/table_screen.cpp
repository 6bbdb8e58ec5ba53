#include "app/console/screens/table_screen.hpp"

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

TableScreen::TableScreen(std::string title, std::vector<ui::Column> columns, ResourceType row_type)
    : title_(std::move(title)),
      type_(row_type),
      source_(std::make_shared<ui::VectorTableSource>(std::move(columns))) {
  table_.set_source(source_);
  table_.set_empty_text("loading ...");
}

void TableScreen::set_loader(std::function<void()> loader) {
  loader_ = std::move(loader);
  refresh();
}

void TableScreen::set_rows(PaneRows rows) {
  documents_.clear();
  resources_.clear();
  for (std::size_t i = 0; i < rows.keys.size() && i < rows.documents.size(); ++i)
    documents_[rows.keys[i]] = std::move(rows.documents[i]);
  rows.documents.clear();
  show(std::move(rows));
}

void TableScreen::show(PaneRows rows) {
  loading_ = false;
  kinds_ = rows.kind_map();
  error_.clear();
  note_.clear();
  table_.set_empty_text("none");
  source_->set_rows(std::move(rows.rows), std::move(rows.keys), std::move(rows.search));
}

void TableScreen::set_resources(const ResourceList& list, Snapshot snapshot, SysTime now) {
  PaneRows rows = pane_rows(list, snapshot, now);
  documents_.clear();
  resources_.clear();
  for (std::size_t i = 0; i < snapshot.resources.size(); ++i)
    resources_.insert_or_assign(rows.keys[i], std::move(snapshot.resources[i]));
  show(std::move(rows));
}

const Resource* TableScreen::selected_resource() const {
  auto it = resources_.find(table_.selected_key());
  return it == resources_.end() ? nullptr : &it->second;
}

void TableScreen::set_note(const std::string& note) { note_ = ui::sanitize_plain(note); }

void TableScreen::set_error(std::string message) {
  loading_ = false;
  error_ = ui::sanitize_plain(message);
  note_ = "error";
  table_.set_empty_text(error_);
}

ui::Outcome TableScreen::open_selected() {
  std::string key = table_.selected_key();
  if (key.empty() || !on_open) return ui::Outcome::Ignored;
  return on_open(key);
}

ui::Outcome TableScreen::on_key(const ui::KeyEvent& e) {
  if (!on_extra_key) return ui::Outcome::Ignored;
  return on_extra_key(e, table_.selected_key());
}

ResourceType TableScreen::selected_type() const {
  std::string key = table_.selected_key();
  if (key.empty()) return ResourceType::None;
  auto it = kinds_.find(key);
  return it == kinds_.end() ? type_ : it->second;
}

std::string TableScreen::selected_key() const { return table_.selected_key(); }

std::string TableScreen::selected_id() const {
  if (const Resource* r = selected_resource()) return r->id;
  return table_.selected_key();
}

std::string TableScreen::selected_label() const {
  std::string key = table_.selected_key();
  auto it = labels_.find(key);
  return it == labels_.end() ? key : it->second;
}

const nlohmann::json* TableScreen::selected_document() const {
  if (const Resource* r = selected_resource()) return &r->document();
  auto it = documents_.find(table_.selected_key());
  return it == documents_.end() ? nullptr : &it->second;
}

void TableScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  std::string head = title_ + " (" + std::to_string(table_.shown_rows()) + ")";
  if (!note_.empty()) head += "  " + note_;
  grid.frame(area, ui::Role::BorderFocused, head, ascii);
  table_.render(grid, area.inset(1), true, ascii);
}

}  // namespace opsdeck::app
