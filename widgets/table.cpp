#include "widgets/table.hpp"

#include <algorithm>
#include <cstdlib>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

constexpr int kMarker = 1;  // the "▶" column

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end != s.c_str();
}

// Text cut to `w` columns with an ellipsis when it does not fit.
std::string clip(const std::string& text, int w, bool ascii) {
  if (w <= 0) return {};
  if (display_width(text) <= w) return text;
  std::string out(fit_prefix(text, w - 1));
  out += ascii ? "~" : "…";
  return out;
}

}  // namespace

std::vector<int> fit_columns(const std::vector<Column>& columns, const std::vector<int>& natural, int width) {
  const std::size_t n = columns.size();
  std::vector<bool> shown(n, true);
  std::vector<int> want(n);
  for (std::size_t i = 0; i < n; ++i)
    want[i] = std::min(columns[i].max_width, std::max(columns[i].min_width, i < natural.size() ? natural[i] : 0));
  auto needed = [&] {
    int sum = 0, count = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i]) sum += columns[i].min_width, ++count;
    return sum + std::max(0, count - 1);
  };
  // The shown column with the highest priority number above `than` (rightmost on a tie).
  auto least_important = [&](int than) {
    int drop = -1;
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i] && columns[i].priority > than && (drop < 0 || columns[i].priority >= columns[drop].priority))
        drop = static_cast<int>(i);
    return drop;
  };
  while (needed() > width) {
    const int drop = least_important(0);
    if (drop < 0) break;
    shown[static_cast<std::size_t>(drop)] = false;
  }
  // Importance order: priority 0 first, then 1, 2, ...; left to right on a tie.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return columns[a].priority < columns[b].priority; });
  for (;;) {
    std::vector<int> w(n, 0);
    int extra = width - needed();
    for (std::size_t i = 0; i < n; ++i)
      if (shown[i]) w[i] = columns[i].min_width;
    // The more important a column, the sooner it grows toward its content.
    for (std::size_t i : order) {
      if (!shown[i] || extra <= 0) continue;
      const int grow = std::min(extra, want[i] - w[i]);
      if (grow > 0) w[i] += grow, extra -= grow;
    }
    // A bounded column cut short while a less important one is shown: the less important
    // one makes room. A column of kFillWidth or more takes what is left and never does.
    int cut = -1;
    for (std::size_t i : order)
      if (shown[i] && w[i] < want[i] && columns[i].max_width < kFillWidth) {
        cut = static_cast<int>(i);
        break;
      }
    const int drop = cut < 0 ? -1 : least_important(columns[static_cast<std::size_t>(cut)].priority);
    if (drop < 0) return w;
    shown[static_cast<std::size_t>(drop)] = false;
  }
}

void Table::set_source(std::shared_ptr<const TableSource> source) {
  source_ = std::move(source);
  seen_source_ = nullptr;
  sync();
}

void Table::set_filter(std::string_view typed) {
  if (typed == filter_.typed()) return;
  filter_ = TextFilter(typed);
  view_dirty_ = true;
  top_ = 0;
  sync();
}

void Table::sort_by(int column, bool ascending) {
  sort_column_ = column;
  ascending_ = ascending;
  seen_source_ = nullptr;  // re-sort
  sync();
}

void Table::sync() {
  if (!source_) {
    row_text_.clear(), sorted_.clear(), view_.clear(), natural_.clear();
    return;
  }
  const TableSource& src = *source_;
  const auto& cols = src.columns();
  bool data_changed = seen_source_ != source_.get() || seen_version_ != src.version();
  if (data_changed) {
    std::size_t rows = src.row_count();
    row_text_.assign(rows, {});
    natural_.assign(cols.size(), 0);
    for (std::size_t c = 0; c < cols.size(); ++c) natural_[c] = display_width(cols[c].title) + 1;
    for (std::size_t r = 0; r < rows; ++r) {
      std::string& t = row_text_[r];
      for (std::size_t c = 0; c < cols.size(); ++c) {
        const std::string& v = src.cell(r, c).text;
        if (c) t += ' ';
        t += v;
        if (natural_[c] < cols[c].max_width) natural_[c] = std::max(natural_[c], display_width(v));
      }
      if (std::string_view hidden = src.search_text(r); !hidden.empty()) {
        t += '\n';  // a match never spans the shown cells and the hidden text
        t += hidden;
      }
      for (char& ch : t)  // filters are case-insensitive: keep the text lower-cased once
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    sorted_.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) sorted_[r] = r;
    if (sort_column_ >= 0 && static_cast<std::size_t>(sort_column_) < cols.size()) {
      auto c = static_cast<std::size_t>(sort_column_);
      if (cols[c].numeric) {
        std::vector<double> key(rows);
        std::vector<bool> ok(rows);
        for (std::size_t r = 0; r < rows; ++r) {
          double d = 0;
          ok[r] = parse_number(src.cell(r, c).text, d);
          key[r] = d;
        }
        std::stable_sort(sorted_.begin(), sorted_.end(), [&](std::size_t a, std::size_t b) {
          if (ok[a] != ok[b]) return static_cast<bool>(ok[a]);  // numbers before blanks
          return ascending_ ? key[a] < key[b] : key[a] > key[b];
        });
      } else {
        std::stable_sort(sorted_.begin(), sorted_.end(), [&](std::size_t a, std::size_t b) {
          const std::string& x = src.cell(a, c).text;
          const std::string& y = src.cell(b, c).text;
          return ascending_ ? x < y : y < x;
        });
      }
    }
    seen_source_ = source_.get();
    seen_version_ = src.version();
    view_dirty_ = true;
  }
  if (!view_dirty_) return;
  if (!data_changed && filter_.narrows(view_filter_)) {
    // Typing more of a substring only removes rows: filter the current view, not all rows.
    std::erase_if(view_, [&](std::size_t r) { return !filter_.matches_lowered(row_text_[r]); });
  } else {
    view_.clear();
    view_.reserve(sorted_.size());
    for (std::size_t r : sorted_)
      if (filter_.matches_lowered(row_text_[r])) view_.push_back(r);
  }
  view_filter_ = filter_;
  view_dirty_ = false;
  // Keep the selection on the same row (by key) when it is still there.
  selected_ = 0;
  if (!selected_key_.empty()) {
    for (std::size_t i = 0; i < view_.size(); ++i) {
      if (src.row_key(view_[i]) == selected_key_) {
        selected_ = i;
        break;
      }
    }
  }
  if (!view_.empty()) selected_key_ = src.row_key(view_[selected_]);
}

std::size_t Table::shown_rows() {
  sync();
  return view_.size();
}

std::optional<std::size_t> Table::selected_row() {
  sync();
  if (view_.empty()) return std::nullopt;
  return view_[selected_];
}

std::string Table::selected_key() {
  sync();
  return view_.empty() ? std::string() : selected_key_;
}

void Table::select_key(const std::string& key) {
  selected_key_ = key;
  view_dirty_ = true;
  sync();
}

void Table::move_selection(long delta) {
  if (view_.empty()) return;
  long last = static_cast<long>(view_.size()) - 1;
  long next = std::clamp(static_cast<long>(selected_) + delta, 0L, last);
  selected_ = static_cast<std::size_t>(next);
  selected_key_ = source_->row_key(view_[selected_]);
}

Outcome Table::command(TableCommand c) {
  sync();
  std::size_t before = selected_;
  long half = std::max(1, page() / 2);
  switch (c) {
    case TableCommand::Up: move_selection(-1); break;
    case TableCommand::Down: move_selection(1); break;
    case TableCommand::PageUp: move_selection(-page()); break;
    case TableCommand::PageDown: move_selection(page()); break;
    case TableCommand::HalfPageUp: move_selection(-half); break;
    case TableCommand::HalfPageDown: move_selection(half); break;
    case TableCommand::Top: move_selection(-static_cast<long>(view_.size())); break;
    case TableCommand::Bottom: move_selection(static_cast<long>(view_.size())); break;
    case TableCommand::SortNext:
    case TableCommand::SortPrev: {
      if (!source_ || source_->columns().empty()) return Outcome::Handled;
      int n = static_cast<int>(source_->columns().size());
      int step = c == TableCommand::SortNext ? 1 : -1;
      int col = sort_column_;
      for (int i = 0; i < n; ++i) {  // skip columns that are hidden at this width
        col = ((col + step) % n + n) % n;
        if (widths_.empty() || widths_[static_cast<std::size_t>(col)] > 0) break;
      }
      sort_by(col, ascending_);
      return Outcome::Redraw;
    }
    case TableCommand::SortReverse:
      sort_by(sort_column_ < 0 ? 0 : sort_column_, !ascending_);
      return Outcome::Redraw;
  }
  return selected_ == before ? Outcome::Handled : Outcome::Redraw;
}

Outcome Table::handle_key(const KeyEvent& e) {
  if (e.key == Key::Mouse) {
    if (e.mouse == MouseAction::WheelUp) return command(TableCommand::Up);
    if (e.mouse == MouseAction::WheelDown) return command(TableCommand::Down);
    if (e.mouse != MouseAction::Press || !rect_.contains(e.x, e.y)) return Outcome::Ignored;
    sync();
    if (e.y == rect_.y) {  // header: sort by the clicked column
      int x = rect_.x + kMarker;
      for (std::size_t c = 0; c < widths_.size(); ++c) {
        if (widths_[c] == 0) continue;
        if (e.x >= x && e.x < x + widths_[c] + 1) {
          int col = static_cast<int>(c);
          sort_by(col, col == sort_column_ ? !ascending_ : true);
          return Outcome::Redraw;
        }
        x += widths_[c] + 1;
      }
      return Outcome::Handled;
    }
    std::size_t i = top_ + static_cast<std::size_t>(e.y - rect_.y - 1);
    if (i < view_.size()) {
      selected_ = i;
      selected_key_ = source_->row_key(view_[i]);
    }
    return Outcome::Redraw;
  }
  switch (e.key) {
    case Key::Up: return command(TableCommand::Up);
    case Key::Down: return command(TableCommand::Down);
    case Key::PageUp: return command(TableCommand::PageUp);
    case Key::PageDown: return command(TableCommand::PageDown);
    case Key::Home: return command(TableCommand::Top);
    case Key::End: return command(TableCommand::Bottom);
    case Key::Char: break;
    default: return Outcome::Ignored;
  }
  if (e.ctrl && e.ch == 'd') return command(TableCommand::HalfPageDown);
  if (e.ctrl && e.ch == 'u') return command(TableCommand::HalfPageUp);
  if (e.ctrl || e.alt) return Outcome::Ignored;
  switch (e.ch) {
    case 'j': return command(TableCommand::Down);
    case 'k': return command(TableCommand::Up);
    case 'g': return command(TableCommand::Top);
    case 'G': return command(TableCommand::Bottom);
    case '>': return command(TableCommand::SortNext);
    case '<': return command(TableCommand::SortPrev);
    case '^': return command(TableCommand::SortReverse);
    default: return Outcome::Ignored;
  }
}

void Table::render(CellGrid& grid, Rect area, bool focused, bool ascii) {
  rect_ = area;
  if (area.empty()) return;
  sync();
  int x_end = area.x + area.w;
  if (!source_) {
    grid.put(area.x + kMarker, area.y, "loading…", Role::Dim, x_end);
    return;
  }
  const auto& cols = source_->columns();
  widths_ = fit_columns(cols, natural_, area.w - kMarker);

  // Header.
  int x = area.x + kMarker;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (widths_[c] == 0) continue;
    std::string title = cols[c].title;
    if (static_cast<int>(c) == sort_column_) title += ascending_ ? (ascii ? "^" : "▲") : (ascii ? "v" : "▼");
    std::string shown = clip(title, widths_[c], ascii);
    int hx = cols[c].numeric ? x + widths_[c] - display_width(shown) : x;
    grid.put(hx, area.y, shown, Role::Header, std::min(x + widths_[c], x_end));
    x += widths_[c] + 1;
  }

  int rows = area.h - 1;
  if (view_.empty()) {
    std::string msg = source_->row_count() == 0 ? empty_text_ : "no rows match " + filter_.typed();
    if (!filter_.error().empty()) msg = filter_.error();
    if (rows > 0) grid.put(area.x + kMarker, area.y + 1, msg, Role::Dim, x_end);
    return;
  }
  // Scroll so the selection is visible.
  if (selected_ < top_) top_ = selected_;
  if (rows > 0 && selected_ >= top_ + static_cast<std::size_t>(rows)) top_ = selected_ - static_cast<std::size_t>(rows) + 1;
  if (top_ + static_cast<std::size_t>(std::max(rows, 0)) > view_.size())
    top_ = view_.size() > static_cast<std::size_t>(rows) ? view_.size() - static_cast<std::size_t>(rows) : 0;

  bool highlight = !filter_.empty() && !filter_.inverse();
  for (int i = 0; i < rows; ++i) {
    std::size_t vi = top_ + static_cast<std::size_t>(i);
    if (vi >= view_.size()) break;
    std::size_t r = view_[vi];
    int y = area.y + 1 + i;
    bool sel = vi == selected_;
    Role row_role = sel ? (focused ? Role::Selected : Role::SelectedDim) : Role::Default;
    if (sel) {
      grid.fill({area.x, y, area.w, 1}, " ", row_role);
      grid.put(area.x, y, ascii ? ">" : "▶", row_role, x_end);
    }
    x = area.x + kMarker;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      int w = widths_[c];
      if (w == 0) continue;
      const TableCell& cell = source_->cell(r, c);
      std::string text = clip(cell.text, w, ascii);
      int tx = x;
      if (cols[c].numeric) tx += w - display_width(text);
      Role role = sel ? row_role : cell.role;
      grid.put(tx, y, text, role, std::min(x + w, x_end));
      if (highlight) {
        auto [pos, len] = filter_.first_match(text);
        if (pos != std::string::npos && len > 0) {
          int mx = tx + display_width(std::string_view(text).substr(0, pos));
          int mw = display_width(std::string_view(text).substr(pos, len));
          grid.set_role(mx, y, std::min(mw, x + w - mx), Role::Match);
        }
      }
      x += w + 1;
    }
  }
}

}  // namespace opsdeck::ui
