#pragma once
// The detail view (`d`): a JSON document pretty-printed with keys, strings, numbers and
// literals in their roles, scrollable (j/k, g/G, PgUp/PgDn) and searchable: set_search()
// (case-insensitive substring, or a regex in the TextFilter forms) then n / N jump to the
// next / previous matching line, which is highlighted. Strings are sanitised, so a remote
// document cannot drive the terminal. Nesting below kMaxDepth levels is shown as "{…}" /
// "[…]" and lines past kMaxLines are left out (with a line saying so), so no document can
// exhaust the stack or memory. Owns its lines. UI thread only.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"
#include "widgets/text_filter.hpp"

namespace opsdeck::ui {

class JsonView {
 public:
  static constexpr int kMaxDepth = 64;
  static constexpr std::size_t kMaxLines = 50'000;

  struct Span {
    std::string text;
    Role role;
  };
  struct Line {
    std::vector<Span> spans;
    std::string plain;  // for searching
  };

  void set_document(const nlohmann::json& doc, int indent = 2);
  // Parses `text`; a document that is not JSON is shown as sanitised plain lines.
  void set_text(std::string_view text);
  const std::vector<Line>& lines() const { return lines_; }

  // Jumps to the first match at or after the top line; returns false when nothing matches.
  bool set_search(std::string_view typed);
  const TextFilter& search() const { return search_; }
  Outcome handle_key(const KeyEvent& e);  // j/k g/G PgUp/PgDn n/N
  void render(CellGrid& grid, Rect area) const;
  int top() const { return top_; }
  int match_line() const { return match_; }  // -1: none

 private:
  bool jump(int direction);  // +1 next, -1 previous
  void add_value(const nlohmann::json& v, std::string prefix, int depth, int indent, bool last);

  std::vector<Line> lines_;
  TextFilter search_;
  int top_ = 0;
  int match_ = -1;
  std::size_t values_left_out_ = 0;
  mutable int page_ = 10;
};

}  // namespace opsdeck::ui
