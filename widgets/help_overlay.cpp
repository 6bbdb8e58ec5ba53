#include "widgets/help_overlay.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "widgets/layout.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

Outcome HelpOverlay::handle_key(const KeyEvent& e) {
  if (!open_) return Outcome::Ignored;
  if (e.key == Key::Escape || e.is_char('q') || e.is_char('?')) {
    open_ = false;
    return Outcome::Redraw;
  }
  int before = top_;
  if (e.key == Key::Down || e.is_char('j')) ++top_;
  else if (e.key == Key::Up || e.is_char('k')) --top_;
  else if (e.key == Key::PageDown || e.is_char(' ')) top_ += page_;
  else if (e.key == Key::PageUp) top_ -= page_;
  top_ = std::clamp(top_, 0, std::max(0, lines_ - page_));
  return top_ == before ? Outcome::Handled : Outcome::Redraw;
}

void HelpOverlay::render(CellGrid& grid, Rect screen, const KeyMap& map, bool ascii,
                         const std::vector<HelpSection>& before, const std::vector<HelpSection>& after) {
  if (!open_) return;
  // Lines: a context heading, then "  keys  description" per command.
  struct Line {
    std::string keys, text;
    bool heading;
  };
  std::vector<Line> lines;
  int key_w = 0;
  auto add_sections = [&](const std::vector<HelpSection>& sections) {
    for (const HelpSection& section : sections) {
      if (section.entries.empty()) continue;
      lines.push_back({"", section.title, true});
      for (const HelpEntry& e : section.entries) {
        key_w = std::max(key_w, display_width(e.keys));
        lines.push_back({e.keys, e.text, false});
      }
    }
  };
  add_sections(before);
  std::vector<std::string> contexts;
  for (const Binding& b : map.bindings())
    if (std::find(contexts.begin(), contexts.end(), b.context) == contexts.end()) contexts.push_back(b.context);
  for (const std::string& ctx : contexts) {
    lines.push_back({"", ctx, true});
    std::vector<std::string> done;
    for (const Binding& b : map.bindings()) {
      if (b.context != ctx || std::find(done.begin(), done.end(), b.command) != done.end()) continue;
      done.push_back(b.command);
      std::string keys;
      for (const Binding& o : map.bindings())
        if (o.context == ctx && o.command == b.command) keys += (keys.empty() ? "" : " ") + o.key;
      key_w = std::max(key_w, display_width(keys));
      lines.push_back({keys, b.description, false});
    }
  }
  add_sections(after);
  int text_w = 0;
  for (const Line& l : lines) text_w = std::max(text_w, display_width(l.text));
  const char* title = "Help — Esc to close";
  int box_w = std::max(key_w + text_w + 8, display_width(title) + 6);
  Rect box = centered(screen, std::min(screen.w - 2, box_w), std::min(screen.h - 2, static_cast<int>(lines.size()) + 2));
  if (box.w < 10 || box.h < 3) return;
  grid.fill(box, " ", Role::Default);
  grid.frame(box, Role::BorderFocused, title, ascii);
  Rect inner = box.inset(1);
  lines_ = static_cast<int>(lines.size());
  page_ = std::max(1, inner.h);
  top_ = std::clamp(top_, 0, std::max(0, lines_ - page_));
  int end = inner.x + inner.w;
  for (int i = 0; i < inner.h && top_ + i < lines_; ++i) {
    const Line& l = lines[static_cast<std::size_t>(top_ + i)];
    int y = inner.y + i;
    if (l.heading) {
      grid.put(inner.x + 1, y, l.text, Role::Title, end);
    } else {
      grid.put(inner.x + 2, y, l.keys, Role::KeyHint, end);
      grid.put(inner.x + 4 + key_w, y, l.text, Role::Default, end);
    }
  }
}

}  // namespace opsdeck::ui
