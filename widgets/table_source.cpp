#include "widgets/table_source.hpp"

namespace opsdeck::ui {

void VectorTableSource::set_rows(std::vector<Row> rows, std::vector<std::string> keys,
                                 std::vector<std::string> search) {
  rows_ = std::move(rows);
  keys_ = std::move(keys);
  search_ = std::move(search);
  ++version_;
}

const TableCell& VectorTableSource::cell(std::size_t row, std::size_t column) const {
  if (row >= rows_.size() || column >= rows_[row].size()) return empty_;
  return rows_[row][column];
}

std::string VectorTableSource::row_key(std::size_t row) const {
  return row < keys_.size() ? keys_[row] : std::to_string(row);
}

}  // namespace opsdeck::ui
