#pragma once
// The bottom bar of key hints (" <tab> pane  <enter> zoom  / filter  ? help"): keys in
// Role::KeyHint, labels in Role::Dim; hints that do not fit are left out whole. Pure drawing.

#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_map.hpp"

namespace opsdeck::ui {

struct KeyHint {
  std::string key;
  std::string label;
};

void render_key_hints(CellGrid& grid, Rect area, const std::vector<KeyHint>& hints);
// The bindings of `map` marked `hint`, in order (first key of each command only).
std::vector<KeyHint> hints_from(const KeyMap& map);

}  // namespace opsdeck::ui
