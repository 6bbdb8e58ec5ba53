#pragma once
// A table over a TableSource: columns with priorities and min/max widths (low-priority
// columns drop when the pane is narrow), sort by any column, a selection that survives
// refreshes (by row key), scrolling, and the `/` filter (text_filter.hpp) with the match
// highlighted. The selected row carries a "▶" marker so it is visible as plain text too.
//
// Owns its view state (filter, sort, selection); shares the source. UI thread only.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"
#include "widgets/table_source.hpp"
#include "widgets/text_filter.hpp"

namespace opsdeck::ui {

enum class TableCommand : std::uint8_t {
  Up, Down, PageUp, PageDown, HalfPageUp, HalfPageDown, Top, Bottom,
  SortNext,     // sort by the next visible column
  SortPrev,
  SortReverse,  // flip ascending / descending
};

// Widths for `columns` in `width` cells (one space between shown columns); 0 = dropped.
// `natural` is the widest value (or title) of each column. Columns are dropped by
// priority (highest number first) until the minimum widths fit; the rest grow toward
// their content, most important first; and while a column is still cut short, a less
// important shown column is dropped to make room — except for columns at least
// kFillWidth wide at most (a log message, a command), which take what is left.
inline constexpr int kFillWidth = 100;
std::vector<int> fit_columns(const std::vector<Column>& columns, const std::vector<int>& natural, int width);

class Table {
 public:
  void set_source(std::shared_ptr<const TableSource> source);
  const TableSource* source() const { return source_.get(); }

  void set_filter(std::string_view typed);
  const TextFilter& filter() const { return filter_; }
  void sort_by(int column, bool ascending = true);
  int sort_column() const { return sort_column_; }  // -1: source order
  bool sort_ascending() const { return ascending_; }

  Outcome command(TableCommand c);
  // Navigation keys: j/k, arrows, g/G, Home/End, PgUp/PgDn, Ctrl-D/Ctrl-U, < > (sort
  // column), ^ (reverse sort); mouse wheel scrolls, a click selects a row or sorts by the
  // clicked header (again: reverse). Other keys are Ignored.
  Outcome handle_key(const KeyEvent& e);

  void render(CellGrid& grid, Rect area, bool focused, bool ascii = false);
  // Shown when the source has no rows at all (default "no rows").
  void set_empty_text(std::string text) { empty_text_ = std::move(text); }

  std::size_t shown_rows();                      // rows after the filter
  std::optional<std::size_t> selected_row();     // index into the source
  std::string selected_key();
  void select_key(const std::string& key);

 private:
  void sync();  // recompute caches and view when the source, filter or sort changed
  void move_selection(long delta);
  int page() const { return rect_.h > 1 ? rect_.h - 1 : 1; }

  std::shared_ptr<const TableSource> source_;
  std::uint64_t seen_version_ = ~0ULL;
  const TableSource* seen_source_ = nullptr;
  bool view_dirty_ = true;
  std::vector<std::string> row_text_;  // every row's cells (then its search_text) lower-cased (ASCII), for filtering
  std::vector<int> natural_;           // widest value per column
  std::vector<std::size_t> sorted_;    // all rows in sort order
  std::vector<std::size_t> view_;      // sorted_ after the filter
  TextFilter filter_;
  TextFilter view_filter_;  // the filter view_ was computed with
  int sort_column_ = -1;
  bool ascending_ = true;
  std::size_t selected_ = 0;  // index into view_
  std::size_t top_ = 0;       // first view_ row shown
  std::string selected_key_;
  Rect rect_;                 // where the table was last drawn (for the mouse and paging)
  std::vector<int> widths_;   // last column widths
  std::string empty_text_ = "no rows";
};

}  // namespace opsdeck::ui
