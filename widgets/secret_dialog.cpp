#include "widgets/secret_dialog.hpp"

#include <string.h>

#include <algorithm>

#include "widgets/layout.hpp"
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

constexpr std::size_t kReserved = 256;  // bytes: typing a passphrase never regrows the buffer

// The whole buffer, up to its capacity: bytes past size() (left by erase or a move) too.
// explicit_bzero, as widgets/ does not link OpenSSL; same guarantee as aws::wipe.
void wipe_buffer(std::string& s) {
  s.resize(s.capacity());
  if (!s.empty()) explicit_bzero(s.data(), s.size());
  s.clear();
}

}  // namespace

SecretDialog::SecretDialog(std::string title, std::vector<std::string> message)
    : title_(sanitize_plain(title)) {
  for (auto& m : message) message_.push_back(sanitize_plain(m));
  text_.reserve(kReserved);
}

SecretDialog::~SecretDialog() { wipe(); }

void SecretDialog::wipe() {
  wipe_buffer(text_);
  chars_ = 0;
}

std::string SecretDialog::take() {
  std::string out = std::move(text_);
  wipe();  // whatever the move left behind
  return out;
}

void SecretDialog::grow_for(std::size_t extra) {
  if (text_.size() + extra <= text_.capacity()) return;
  std::string larger;
  larger.reserve(std::max(text_.capacity() * 2, text_.size() + extra));
  larger.assign(text_);
  wipe_buffer(text_);
  text_.swap(larger);
}

Outcome SecretDialog::handle_key(const KeyEvent& e) {
  if (state_ != State::Pending) return Outcome::Ignored;
  if (e.key == Key::Resize) return Outcome::Relayout;
  switch (e.key) {
    case Key::Enter:
      state_ = State::Submitted;
      return Outcome::Redraw;
    case Key::Escape:
      wipe();
      state_ = State::Cancelled;
      return Outcome::Redraw;
    case Key::Backspace:
      if (!text_.empty()) {
        std::size_t i = text_.size() - 1;
        while (i > 0 && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) --i;
        explicit_bzero(text_.data() + i, text_.size() - i);
        text_.erase(i);
        --chars_;
      }
      return Outcome::Redraw;
    case Key::Char:
      if (e.ctrl && e.ch == 'u') {
        wipe();
        return Outcome::Redraw;
      }
      if (e.ctrl || e.alt || e.ch < 0x20) return Outcome::Handled;
      grow_for(4);  // one UTF-8 character at most
      append_utf8(text_, e.ch);
      ++chars_;
      return Outcome::Redraw;
    default:
      return Outcome::Handled;
  }
}

void SecretDialog::render(CellGrid& grid, Rect screen, bool ascii) const {
  std::vector<std::string> lines = message_;
  lines.push_back("Enter to submit, Esc to skip.");
  int w = display_width(title_) + 6;
  for (const auto& l : lines) w = std::max(w, display_width(l) + 4);
  w = std::max(w, 40);
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
  int x = in.x + 1 + grid.put(in.x + 1, y, "> ", Role::KeyHint, end);
  x += grid.put(x, y, std::string(static_cast<std::size_t>(std::min(chars_, in.w)), '*'), Role::Default, end);
  grid.put(x, y, " ", Role::Selected, end);  // the cursor
}

}  // namespace opsdeck::ui
