#pragma once
// Aligned text tables for headless output, and the sanitiser that keeps remote text from
// driving the operator's terminal. Pure functions; no terminal access.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

// Replaces what must not reach a terminal with something visible: C0 controls and DEL
// become their Unicode control pictures (ESC -> "␛", newline -> "␊"), C1 controls,
// invalid UTF-8 and bidi overrides become U+FFFD. Everything else passes unchanged.
std::string sanitize_for_terminal(std::string_view text);

// Columns padded to the widest cell (by display width, so CJK and emoji align); cells are
// sanitised; the last column is not padded. Header row first.
class PlainTable {
 public:
  explicit PlainTable(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);
  std::string render(int gap = 2) const;
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace opsdeck::app
