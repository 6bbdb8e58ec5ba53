#include "widgets/confirm_dialog.hpp"

#include <algorithm>

#include "widgets/layout.hpp"
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

ConfirmDialog::ConfirmDialog(std::string title, std::vector<std::string> message, std::string typed_word)
    : title_(sanitize_plain(title)), word_(std::move(typed_word)) {
  for (auto& m : message) message_.push_back(sanitize_plain(m));
  if (!word_.empty()) input_.start();
}

Outcome ConfirmDialog::handle_key(const KeyEvent& e) {
  if (state_ != State::Pending) return Outcome::Ignored;
  if (e.key == Key::Resize) return Outcome::Relayout;
  if (e.key == Key::Escape) {
    state_ = State::Cancelled;
    return Outcome::Redraw;
  }
  if (!word_.empty()) {
    if (e.key == Key::Enter) {
      if (input_.text() == word_) {
        state_ = State::Confirmed;
      } else {
        mismatch_ = true;
      }
      return Outcome::Redraw;
    }
    input_.handle_key(e);
    if (!input_.active()) input_.start(input_.text());  // Backspace on empty must not close it
    mismatch_ = false;
    return Outcome::Redraw;
  }
  if (e.is_char('y') || e.is_char('Y')) {
    state_ = State::Confirmed;
  } else if (e.is_char('n') || e.is_char('N')) {
    state_ = State::Cancelled;
  } else if (e.key == Key::Tab || e.key == Key::BackTab || e.key == Key::Left || e.key == Key::Right ||
             e.is_char('h') || e.is_char('l')) {
    yes_highlighted_ = !yes_highlighted_;
  } else if (e.key == Key::Enter) {
    state_ = yes_highlighted_ ? State::Confirmed : State::Cancelled;
  } else {
    return Outcome::Handled;
  }
  return Outcome::Redraw;
}

void ConfirmDialog::render(CellGrid& grid, Rect screen, bool ascii) const {
  std::vector<std::string> lines = message_;
  if (!word_.empty()) lines.push_back("Type " + word_ + " to confirm, Esc to cancel.");
  int w = display_width(title_) + 6;
  for (const auto& l : lines) w = std::max(w, display_width(l) + 4);
  w = std::max(w, 30);
  int h = static_cast<int>(lines.size()) + 5;
  Rect box = centered(screen, w, h);
  if (box.w < 6 || box.h < 4) return;
  grid.fill(box, " ", Role::Default);
  grid.frame(box, Role::BorderFocused, title_, ascii);
  Rect in = box.inset(1);
  int end = in.x + in.w;
  int y = in.y + 1;
  for (const auto& l : lines) grid.put(in.x + 1, y++, l, Role::Default, end);
  ++y;
  if (y >= box.y + box.h - 1) y = box.y + box.h - 2;
  if (!word_.empty()) {
    input_.render(grid, {in.x + 1, y, in.w - 2, 1});
    if (mismatch_) grid.put(in.x + 3 + display_width(input_.text()) + 2, y, "does not match", Role::StatusError, end);
    return;
  }
  int bx = in.x + (in.w - 16) / 2;
  grid.put(bx, y, "[ No ]", yes_highlighted_ ? Role::Default : Role::Selected, end);
  grid.put(bx + 9, y, "[ Yes ]", yes_highlighted_ ? Role::Selected : Role::Default, end);
}

}  // namespace opsdeck::ui
