#include "widgets/key_hint_bar.hpp"

#include <algorithm>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

void render_key_hints(CellGrid& grid, Rect area, const std::vector<KeyHint>& hints) {
  if (area.empty()) return;
  int x = area.x + 1;
  int end = area.x + area.w;
  for (const KeyHint& h : hints) {
    int need = display_width(h.key) + 1 + display_width(h.label);
    if (x + need > end) break;
    x += grid.put(x, area.y, h.key, Role::KeyHint, end);
    x += grid.put(x, area.y, " ", Role::Default, end);
    x += grid.put(x, area.y, h.label, Role::Dim, end);
    x += 2;
  }
}

std::vector<KeyHint> hints_from(const KeyMap& map) {
  std::vector<KeyHint> out;
  std::vector<std::string> seen;
  for (const Binding& b : map.bindings()) {
    if (b.hint.empty() || std::find(seen.begin(), seen.end(), b.command) != seen.end()) continue;
    seen.push_back(b.command);
    out.push_back({b.key, b.hint});
  }
  return out;
}

}  // namespace opsdeck::ui
