#include "widgets/prompt.hpp"

#include <algorithm>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

void Prompt::start(std::string_view initial) {
  text_ = initial;
  cursor_ = text_.size();
  state_ = State::Editing;
  history_pos_ = history_.size();
  candidates_.clear();
  cycling_ = false;
}

std::size_t Prompt::prev_boundary(std::size_t pos) const {
  if (pos == 0) return 0;
  --pos;
  while (pos > 0 && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

std::size_t Prompt::next_boundary(std::size_t pos) const {
  if (pos >= text_.size()) return text_.size();
  next_codepoint(text_, pos);
  return pos;
}

void Prompt::insert(char32_t cp) {
  std::string s;
  append_utf8(s, cp);
  text_.insert(cursor_, s);
  cursor_ += s.size();
}

void Prompt::complete() {
  if (!completer_) return;
  if (cycling_ && !candidates_.empty()) {
    cycle_ = (cycle_ + 1) % candidates_.size();
    text_ = candidates_[cycle_];
    cursor_ = text_.size();
    return;
  }
  candidates_ = completer_(text_);
  if (candidates_.empty()) return;
  if (candidates_.size() == 1) {
    text_ = candidates_[0];
    cursor_ = text_.size();
    candidates_.clear();
    return;
  }
  // Longest common prefix first; a second Tab cycles.
  std::string prefix = candidates_[0];
  for (const auto& c : candidates_) {
    std::size_t n = 0;
    while (n < prefix.size() && n < c.size() && prefix[n] == c[n]) ++n;
    prefix.resize(n);
  }
  if (prefix.size() > text_.size()) {
    text_ = prefix;
    cursor_ = text_.size();
  } else {
    cycling_ = true;
    cycle_ = 0;
    text_ = candidates_[0];
    cursor_ = text_.size();
  }
}

Outcome Prompt::handle_key(const KeyEvent& e) {
  if (state_ != State::Editing) return Outcome::Ignored;
  bool was_tab = e.key == Key::Tab;
  if (!was_tab) {
    cycling_ = false;
    if (e.key != Key::Resize) candidates_.clear();
  }
  switch (e.key) {
    case Key::Enter:
      state_ = State::Submitted;
      if (!masked_ && !text_.empty() && (history_.empty() || history_.back() != text_)) history_.push_back(text_);
      return Outcome::Redraw;
    case Key::Escape: state_ = State::Cancelled; return Outcome::Redraw;
    case Key::Tab: complete(); return Outcome::Redraw;
    case Key::Left: cursor_ = prev_boundary(cursor_); return Outcome::Redraw;
    case Key::Right: cursor_ = next_boundary(cursor_); return Outcome::Redraw;
    case Key::Home: cursor_ = 0; return Outcome::Redraw;
    case Key::End: cursor_ = text_.size(); return Outcome::Redraw;
    case Key::Backspace:
      if (cursor_ == 0) {
        if (text_.empty()) state_ = State::Cancelled;  // backspace on empty leaves, like vim
        return Outcome::Redraw;
      } else {
        std::size_t p = prev_boundary(cursor_);
        text_.erase(p, cursor_ - p);
        cursor_ = p;
      }
      return Outcome::Redraw;
    case Key::Delete:
      text_.erase(cursor_, next_boundary(cursor_) - cursor_);
      return Outcome::Redraw;
    case Key::Up:
    case Key::Down: {
      if (history_.empty()) return Outcome::Handled;
      if (history_pos_ == history_.size()) draft_ = text_;
      if (e.key == Key::Up && history_pos_ > 0) --history_pos_;
      else if (e.key == Key::Down && history_pos_ < history_.size()) ++history_pos_;
      text_ = history_pos_ == history_.size() ? draft_ : history_[history_pos_];
      cursor_ = text_.size();
      return Outcome::Redraw;
    }
    case Key::Char: break;
    default: return Outcome::Handled;  // the prompt is modal: nothing leaks through
  }
  if (e.ctrl) {
    switch (e.ch) {
      case 'a': cursor_ = 0; break;
      case 'e': cursor_ = text_.size(); break;
      case 'u': text_.erase(0, cursor_), cursor_ = 0; break;
      case 'w': {
        std::size_t p = cursor_;
        while (p > 0 && text_[p - 1] == ' ') --p;
        while (p > 0 && text_[p - 1] != ' ') --p;
        text_.erase(p, cursor_ - p);
        cursor_ = p;
        break;
      }
      case 'c': state_ = State::Cancelled; break;
      default: return Outcome::Handled;
    }
    return Outcome::Redraw;
  }
  if (e.alt) return Outcome::Handled;
  insert(e.ch);
  return Outcome::Redraw;
}

void Prompt::render(CellGrid& grid, Rect area) const {
  if (area.empty()) return;
  int end = area.x + area.w;
  int x = area.x + grid.put(area.x, area.y, label_, Role::KeyHint, end);
  if (masked_) {
    std::size_t chars = 0;
    for (std::size_t p = 0; p < text_.size();) {
      next_codepoint(text_, p);
      ++chars;
    }
    int shown = std::min<int>(static_cast<int>(chars), std::max(0, end - x - 1));
    grid.put(x, area.y, std::string(static_cast<std::size_t>(shown), '*'), Role::Default, end);
    if (x + shown < end) {
      grid.put(x + shown, area.y, " ", Role::Default, end);
      grid.set_role(x + shown, area.y, 1, Role::Selected);
    }
    return;
  }
  // Scroll horizontally so the cursor stays visible.
  int before = display_width(std::string_view(text_).substr(0, cursor_));
  int room = end - x - 1;
  std::size_t skip = 0;
  while (room > 0 && before > room && skip < cursor_) {
    std::size_t p = skip;
    before -= codepoint_width(next_codepoint(text_, p));
    skip = p;
  }
  std::string_view shown = std::string_view(text_).substr(skip);
  grid.put(x, area.y, shown, Role::Default, end);
  int cx = x + before;
  if (cx < end) {
    if (grid.at(cx, area.y).width == 0 || cursor_ >= text_.size()) grid.put(cx, area.y, " ", Role::Default, end);
    grid.set_role(cx, area.y, 1, Role::Selected);
  }
  if (!candidates_.empty()) {
    int cxe = x + display_width(shown) + 2;
    std::string list;
    for (const auto& c : candidates_) list += c + "  ";
    grid.put(cxe, area.y, list, Role::Dim, end);
  }
}

}  // namespace opsdeck::ui
