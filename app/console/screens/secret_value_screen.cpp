#include "app/console/screens/secret_value_screen.hpp"

#include <algorithm>

#include "aws/secret_wipe.hpp"
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::app {

namespace {

ui::SanitizeOptions keep_lines() {
  ui::SanitizeOptions o;
  o.keep_newlines = true;
  return o;
}

// Appends `text`'s lines to `out`, each with `role`.
template <class Line>
void add_lines(std::vector<Line>& out, const std::string& text, ui::Role role) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    out.push_back({text.substr(start, (nl == std::string::npos ? text.size() : nl) - start), role});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::string title_of(const std::string& what) {
  return what + " (closes in " + std::to_string(kSecretViewSeconds) + " s; never logged)";
}

}  // namespace

SecretValueScreen::SecretValueScreen(std::string name, std::string value)
    : title_(title_of("Value of " + ui::sanitize_plain(name))) {
  std::string pretty = comparable_text(value);
  std::string shown = ui::sanitize_plain(pretty, keep_lines());
  add_lines(lines_, shown, ui::Role::Secret);
  aws::wipe(shown);
  aws::wipe(pretty);
  aws::wipe(value);
}

SecretValueScreen::SecretValueScreen(std::string title, const TextDiff& diff)
    : title_(title_of(ui::sanitize_plain(title))) {
  for (const auto& l : diff.lines) {
    switch (l.kind) {
      case DiffLineKind::Hunk: lines_.push_back({ui::sanitize_plain(l.text), ui::Role::Dim}); break;
      case DiffLineKind::Context: lines_.push_back({" " + ui::sanitize_plain(l.text), ui::Role::Secret}); break;
      case DiffLineKind::Removed: lines_.push_back({"-" + ui::sanitize_plain(l.text), ui::Role::StateBad}); break;
      case DiffLineKind::Added: lines_.push_back({"+" + ui::sanitize_plain(l.text), ui::Role::StateGood}); break;
    }
  }
  if (lines_.empty()) lines_.push_back({"(no change)", ui::Role::Dim});
}

void SecretValueScreen::wipe() {
  for (auto* v : {&lines_, &wrapped_}) {
    for (auto& l : *v) aws::wipe(l.text);
    v->clear();
  }
  wrapped_width_ = 0;
}

const std::vector<SecretValueScreen::Line>& SecretValueScreen::wrapped(int width) {
  width = std::max(width, 1);
  if (width == wrapped_width_) return wrapped_;
  for (auto& l : wrapped_) aws::wipe(l.text);
  wrapped_.clear();
  for (const auto& l : lines_) {
    std::string_view rest = l.text;
    do {
      std::string_view piece = ui::fit_prefix(rest, width);
      if (piece.empty() && !rest.empty()) piece = rest.substr(0, 1);  // a character wider than the screen
      wrapped_.push_back({std::string(piece), l.role});
      rest.remove_prefix(piece.size());
    } while (!rest.empty());
  }
  wrapped_width_ = width;
  return wrapped_;
}

std::vector<std::string> SecretValueScreen::lines(int width) const {
  SecretValueScreen& self = const_cast<SecretValueScreen&>(*this);
  std::vector<std::string> out;
  for (const auto& l : self.wrapped(width)) out.push_back(l.text);
  return out;
}

ui::Outcome SecretValueScreen::on_key(const ui::KeyEvent& e) {
  int before = top_;
  if (e.is_char('j') || e.key == ui::Key::Down) ++top_;
  else if (e.is_char('k') || e.key == ui::Key::Up) --top_;
  else if (e.key == ui::Key::PageDown || e.is_char(' ')) top_ += page_;
  else if (e.key == ui::Key::PageUp) top_ -= page_;
  else if (e.is_char('g') || e.key == ui::Key::Home) top_ = 0;
  else if (e.is_char('G') || e.key == ui::Key::End) top_ = 1 << 20;
  else return ui::Outcome::Ignored;
  top_ = std::max(top_, 0);
  return top_ != before ? ui::Outcome::Redraw : ui::Outcome::Handled;
}

void SecretValueScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  if (area.empty()) return;
  grid.fill(area, " ", ui::Role::Default);
  grid.frame(area, ui::Role::Border, title_, ascii);
  ui::Rect inner{area.x + 1, area.y + 1, area.w - 2, area.h - 2};
  if (inner.empty()) return;
  page_ = std::max(1, inner.h - 1);
  const auto& all = wrapped(inner.w);
  top_ = std::clamp(top_, 0, std::max(0, static_cast<int>(all.size()) - inner.h));
  for (int row = 0; row < inner.h && top_ + row < static_cast<int>(all.size()); ++row) {
    const auto& l = all[static_cast<std::size_t>(top_ + row)];
    grid.put(inner.x, inner.y + row, l.text, l.role, inner.x + inner.w);
  }
}

std::vector<ui::KeyHint> SecretValueScreen::hints() const { return {{"j/k", "scroll"}, {"esc", "close"}}; }

void push_secret_viewer(const ScreenEnv& env, std::shared_ptr<SecretValueScreen> viewer) {
  ConsoleView* view = env.view;
  std::weak_ptr<SecretValueScreen> wv = viewer;
  view->push_screen(std::move(viewer));
  if (env.after)
    env.after(std::chrono::seconds(kSecretViewSeconds), [view, wv] {
      auto v = wv.lock();
      if (!v) return;
      v->wipe();
      if (view->top_screen() == v.get()) view->pop_screen();
    });
}

}  // namespace opsdeck::app
