#pragma once
// Where a Table gets its rows (STYLE.md "Widgets pull from sources"; lnav's
// list_data_source). A source is a snapshot the UI thread reads: turning an AWS response
// into rows happens elsewhere (a pure function), and the finished rows are handed to the
// source on the UI thread. Cell text must already be display-safe (text_sanitizer.hpp);
// a cell carries the Role it is drawn in (e.g. Role::StateBad for "stopped").
//
// Threads: every method is called on the UI thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/role.hpp"

namespace opsdeck::ui {

struct TableCell {
  std::string text;
  Role role = Role::Default;
  bool operator==(const TableCell&) const = default;
};

struct Column {
  std::string title;
  int min_width = 4;   // never narrower (the title may be cut)
  int max_width = 40;  // never wider, however long the values are
  int priority = 0;    // 0 = always shown; higher numbers are dropped first when narrow
  bool numeric = false;  // right-aligned, sorted as numbers
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual const std::vector<Column>& columns() const = 0;
  virtual std::size_t row_count() const = 0;
  virtual const TableCell& cell(std::size_t row, std::size_t column) const = 0;
  // Stable identity of a row (an instance id) so the selection survives a refresh.
  virtual std::string row_key(std::size_t row) const { return std::to_string(row); }
  // Changes whenever the rows change; the table recomputes its view when it does.
  virtual std::uint64_t version() const = 0;
  // More text the `/` filter matches in a row without it being shown (an instance's IPs
  // and tags); display-safe like the cells. Empty by default. Valid until the rows change.
  virtual std::string_view search_text(std::size_t) const { return {}; }
};

// A source over rows held in memory; the usual way to hand a snapshot to a table.
class VectorTableSource : public TableSource {
 public:
  using Row = std::vector<TableCell>;
  explicit VectorTableSource(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // Replaces all rows. `keys` (optional) gives each row's stable identity, `search`
  // (optional, parallel to rows) each row's search_text().
  void set_rows(std::vector<Row> rows, std::vector<std::string> keys = {}, std::vector<std::string> search = {});

  const std::vector<Column>& columns() const override { return columns_; }
  std::size_t row_count() const override { return rows_.size(); }
  const TableCell& cell(std::size_t row, std::size_t column) const override;
  std::string row_key(std::size_t row) const override;
  std::uint64_t version() const override { return version_; }
  std::string_view search_text(std::size_t row) const override {
    return row < search_.size() ? std::string_view(search_[row]) : std::string_view();
  }

 private:
  std::vector<Column> columns_;
  std::vector<Row> rows_;
  std::vector<std::string> keys_;
  std::vector<std::string> search_;
  std::uint64_t version_ = 0;
  TableCell empty_;
};

}  // namespace opsdeck::ui
