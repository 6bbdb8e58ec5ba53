#include "app/resources/resource_list.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

std::vector<ui::Column> ResourceList::pane_columns() const {
  std::vector<ui::Column> out;
  for (const auto& c : pane) out.push_back(c.column);
  return out;
}

std::vector<ui::TableCell> ResourceList::pane_cells(const Resource& r, const CellContext& ctx) const {
  std::vector<ui::TableCell> out;
  for (const auto& c : pane) out.push_back(c.cell(r, ctx));
  return out;
}

void ResourceList::sort(std::vector<Resource>& rows) const {
  if (before) std::stable_sort(rows.begin(), rows.end(), before);
}

std::string table_text(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
  return v.dump();
}

std::string search_text(const Resource& r) {
  std::string out;
  auto add = [&out](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += ' ';
    out += ui::sanitize_plain(s);
  };
  for (const auto& [key, v] : r.fields.items()) {
    if (v.is_null()) continue;
    if (v.is_object()) {
      for (const auto& [k, x] : v.items()) add(k + "=" + table_text(x));
    } else if (v.is_array()) {
      for (const auto& x : v) add(table_text(x));
    } else if (!v.is_boolean()) {
      add(table_text(v));
    }
  }
  for (const auto& t : r.search_terms) add(t);
  return out;
}

nlohmann::json null_if_empty(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

std::string field_text(const Resource& r, const char* key) {
  auto it = r.fields.find(key);
  return it != r.fields.end() && it->is_string() ? it->get<std::string>() : "";
}

aws::Error parent_required(const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, what, "open it from its parent's view");
}

const nlohmann::ordered_json& field_value(const Resource& r, const char* key) {
  static const nlohmann::ordered_json null;
  auto it = r.fields.find(key);
  return it == r.fields.end() ? null : *it;
}

long long field_number(const Resource& r, const char* key) {
  auto it = r.fields.find(key);
  if (it == r.fields.end() || !it->is_number()) return 0;
  return it->is_number_float() ? static_cast<long long>(it->get<double>()) : it->get<long long>();
}

bool field_flag(const Resource& r, const char* key) {
  auto it = r.fields.find(key);
  return it != r.fields.end() && it->is_boolean() && it->get<bool>();
}

ui::TableCell cell_of(const std::string& text, ui::Role role) { return {ui::sanitize_plain(text), role}; }

}  // namespace opsdeck::app
