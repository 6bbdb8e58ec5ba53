#include "app/console/screens/metric_screen.hpp"

#include <algorithm>
#include <chrono>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

MetricScreen::MetricScreen(std::string title, std::vector<MetricScreenItem> items, MetricChart::Post post,
                           Clock now)
    : title_(ui::sanitize_plain(title)), items_(std::move(items)), post_(std::move(post)), now_(std::move(now)) {
  if (!now_)
    now_ = [] {
      return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
}

void MetricScreen::start() { load(false); }

void MetricScreen::load(bool keep_shown) {
  int seconds = metric_ranges()[range_].seconds;
  double now = now_();
  for (auto& item : items_) item.chart.load(seconds, now, post_, keep_shown);
}

bool MetricScreen::busy() const {
  return std::any_of(items_.begin(), items_.end(), [](const MetricScreenItem& i) { return i.chart.in_flight(); });
}

ui::Outcome MetricScreen::on_key(const ui::KeyEvent& e) {
  const auto& ranges = metric_ranges();
  for (std::size_t i = 0; i < ranges.size(); ++i)
    if (e.is_char(static_cast<char32_t>('1' + i))) {
      range_ = i;
      start();
      return ui::Outcome::Redraw;
    }
  if (e.is_char('+') || e.is_char('-')) {
    std::size_t next = e.is_char('+') ? std::min(range_ + 1, ranges.size() - 1) : (range_ > 0 ? range_ - 1 : 0);
    if (next != range_) range_ = next, start();
    return ui::Outcome::Redraw;
  }
  if (e.is_char('r')) {
    start();
    return ui::Outcome::Redraw;
  }
  if (e.is_char('j') || e.key == ui::Key::Down) {
    if (selected_ + 1 < items_.size()) ++selected_;
    return ui::Outcome::Redraw;
  }
  if (e.is_char('k') || e.key == ui::Key::Up) {
    if (selected_ > 0) --selected_;
    return ui::Outcome::Redraw;
  }
  return ui::Outcome::Ignored;
}

ui::Outcome MetricScreen::open_selected() {
  if (items_.size() < 2 || selected_ >= items_.size() || !push) return ui::Outcome::Ignored;
  const MetricScreenItem& item = items_[selected_];
  // The same chart's source in a screen of its own (its own state: ranges stay independent).
  auto one = std::make_shared<MetricScreen>(title_ + ": " + item.chart.title(), std::vector<MetricScreenItem>{item},
                                            post_, now_);
  one->items_[0].chart = item.chart.fresh_copy();
  one->range_ = range_;
  push(one);
  one->start();
  return ui::Outcome::Redraw;
}

const nlohmann::json* MetricScreen::selected_document() const {
  return selected_ < items_.size() ? &items_[selected_].document : nullptr;
}

std::string MetricScreen::selected_key() const {
  return selected_ < items_.size() ? items_[selected_].chart.title() : "";
}

std::vector<ui::KeyHint> MetricScreen::hints() const {
  std::vector<ui::KeyHint> h = {{"1-5", "1h 3h 12h 24h 7d"}, {"r", "reload"}};
  if (items_.size() > 1) h.push_back({"<enter>", "open one"});
  return h;
}

void MetricScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  const auto& range = metric_ranges()[range_];
  grid.frame(area, ui::Role::BorderFocused, title_ + "  last " + range.label, ascii);
  ui::Rect in = area.inset(1);
  if (in.empty() || items_.empty()) return;
  const int n = static_cast<int>(items_.size());
  const int cols = n > 2 && in.w >= 140 ? 2 : 1;
  const int rows = (n + cols - 1) / cols;
  // Every graph gets at least a title line and three graph lines; what does not fit
  // scrolls with the selection.
  const int h = std::max(4, in.h / rows);
  const int visible_rows = std::max(1, in.h / h);
  const int sel_row = static_cast<int>(selected_) / cols;
  const int first_row = std::max(0, sel_row - visible_rows + 1);
  const int w = in.w / cols;
  for (int i = first_row * cols; i < n; ++i) {
    int r = i / cols - first_row, c = i % cols;
    if (r >= visible_rows) break;
    int top = in.y + r * h;
    // A blank line between stacked graphs.
    ui::Rect cell{in.x + c * w, top, w - (c + 1 < cols ? 1 : 0), std::min(h, in.y + in.h - top) - (n > cols ? 1 : 0)};
    items_[static_cast<std::size_t>(i)].chart.render(grid, cell, ascii, n > 1 && i == static_cast<int>(selected_));
  }
}

}  // namespace opsdeck::app
