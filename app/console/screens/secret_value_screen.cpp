#include "app/console/screens/secret_value_screen.hpp"

#include <nlohmann/json.hpp>

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

// `text`'s lines, each cut into pieces of at most `width` columns.
std::vector<std::string> wrap(const std::string& text, int width) {
  std::vector<std::string> out;
  width = std::max(width, 1);
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line(text.data() + start, (nl == std::string::npos ? text.size() : nl) - start);
    do {
      std::string_view piece = ui::fit_prefix(line, width);
      if (piece.empty() && !line.empty()) piece = line.substr(0, 1);  // a character wider than the screen
      out.emplace_back(piece);
      line.remove_prefix(piece.size());
    } while (!line.empty());
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

SecretValueScreen::SecretValueScreen(std::string name, std::string value)
    : title_("Value of " + ui::sanitize_plain(name) + " (closes in " + std::to_string(kSecretViewSeconds) +
             " s; never logged)") {
  auto doc = nlohmann::json::parse(value, nullptr, false);
  if (!doc.is_discarded() && (doc.is_object() || doc.is_array())) {
    std::string pretty = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    value_ = ui::sanitize_plain(pretty, keep_lines());
    aws::wipe(pretty);
  } else {
    value_ = ui::sanitize_plain(value, keep_lines());
  }
  aws::wipe(value);
}

void SecretValueScreen::wipe() { aws::wipe(value_); }

std::vector<std::string> SecretValueScreen::lines(int width) const { return wrap(value_, width); }

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
  auto all = lines(inner.w);
  top_ = std::clamp(top_, 0, std::max(0, static_cast<int>(all.size()) - inner.h));
  for (int row = 0; row < inner.h && top_ + row < static_cast<int>(all.size()); ++row)
    grid.put(inner.x, inner.y + row, all[static_cast<std::size_t>(top_ + row)], ui::Role::Secret, inner.x + inner.w);
  for (auto& l : all) aws::wipe(l);
}

std::vector<ui::KeyHint> SecretValueScreen::hints() const { return {{"j/k", "scroll"}, {"esc", "close"}}; }

}  // namespace opsdeck::app
