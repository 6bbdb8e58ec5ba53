#include "widgets/menu.hpp"

#include <algorithm>

#include "widgets/layout.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

Menu::Menu(std::string title, std::vector<MenuItem> items) : title_(std::move(title)), items_(std::move(items)) {
  while (selected_ < items_.size() && !items_[selected_].enabled) ++selected_;
  if (selected_ == items_.size()) selected_ = 0;
}

void Menu::move(int delta) {
  if (items_.empty()) return;
  std::size_t n = items_.size();
  std::size_t i = selected_;
  for (std::size_t step = 0; step < n; ++step) {
    i = (i + n + static_cast<std::size_t>(delta < 0 ? n - 1 : 1)) % n;
    if (items_[i].enabled) {
      selected_ = i;
      return;
    }
  }
}

Outcome Menu::handle_key(const KeyEvent& e) {
  if (!open_) return Outcome::Ignored;
  if (e.key == Key::Escape || e.is_char('q')) {
    open_ = false;
    return Outcome::Redraw;
  }
  if (e.key == Key::Down || e.is_char('j')) return move(1), Outcome::Redraw;
  if (e.key == Key::Up || e.is_char('k')) return move(-1), Outcome::Redraw;
  if (e.key == Key::Enter) {
    if (!items_.empty() && items_[selected_].enabled) {
      chosen_ = selected_;
      open_ = false;
    }
    return Outcome::Redraw;
  }
  if (e.key == Key::Char && !e.ctrl && !e.alt) {
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (items_[i].shortcut == e.ch && items_[i].enabled) {
        selected_ = i;
        chosen_ = i;
        open_ = false;
        return Outcome::Redraw;
      }
    }
  }
  return Outcome::Handled;
}

void Menu::render(CellGrid& grid, Rect screen, bool ascii) const {
  if (!open_) return;
  int w = display_width(title_) + 6;
  for (const auto& it : items_) {
    int iw = display_width(it.label) + 6 + (it.note.empty() ? 0 : display_width(it.note) + 3);
    w = std::max(w, iw);
  }
  Rect box = centered(screen, w, static_cast<int>(items_.size()) + 2);
  if (box.w < 6 || box.h < 3) return;
  grid.fill(box, " ", Role::Default);
  grid.frame(box, Role::BorderFocused, title_, ascii);
  Rect in = box.inset(1);
  int end = in.x + in.w;
  for (std::size_t i = 0; i < items_.size() && static_cast<int>(i) < in.h; ++i) {
    const MenuItem& it = items_[i];
    int y = in.y + static_cast<int>(i);
    bool sel = i == selected_;
    Role role = !it.enabled ? Role::Dim : sel ? Role::Selected : Role::Default;
    if (sel) grid.fill({in.x, y, in.w, 1}, " ", role);
    std::string key;
    if (it.shortcut) append_utf8(key, it.shortcut);
    grid.put(in.x + 1, y, key, it.enabled && !sel ? Role::KeyHint : role, end);
    int x = in.x + 3 + grid.put(in.x + 3, y, it.label, role, end);
    if (!it.note.empty()) grid.put(x + 1, y, "(" + it.note + ")", sel ? role : Role::Dim, end);
  }
}

}  // namespace opsdeck::ui
