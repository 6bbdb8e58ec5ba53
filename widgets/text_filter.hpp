#pragma once
// The `/` filter of tables and lists, parsed once from what the user typed:
//   text       case-insensitive substring ("api" matches "weight-loss-API")
//   /re/       ECMAScript regular expression, case-insensitive (the closing / is optional
//   ~re        while typing; "~" is the regex marker: "~^i-0[0-9a-f]+$")
//   !text      inverse: rows that do NOT match; combines with both forms ("!/stopp?ed/")
// An invalid regular expression matches nothing and carries an error for the status line.
// Regexes go through TextMatcher, which checks the pattern's literal runs before running
// std::regex (and only at the leading literal's occurrences), so typing a regex over
// 10,000 rows stays within a frame.
// A value type; matching is const and may run on any thread.

#include <memory>
#include <string>
#include <string_view>

#include "widgets/text_matcher.hpp"

namespace opsdeck::ui {

class TextFilter {
 public:
  TextFilter() = default;
  explicit TextFilter(std::string_view typed);

  bool empty() const { return typed_.empty() || (needle_.empty() && !regex_); }
  bool matches(std::string_view text) const;
  // The same for text that is already ASCII lower-cased (a table's cached row text):
  // no copy, no per-character folding.
  bool matches_lowered(std::string_view lowered) const;
  const std::string& typed() const { return typed_; }
  const std::string& error() const { return error_; }  // empty when the filter is valid
  bool is_regex() const { return regex_ != nullptr || !error_.empty(); }
  bool inverse() const { return inverse_; }
  // True when every text this filter matches is also matched by `broader` (typing more
  // characters of a plain substring), so a view can be narrowed instead of recomputed.
  bool narrows(const TextFilter& broader) const;
  // Byte ranges of the matches in `text` (for highlighting); empty for inverse filters.
  // Returns {begin, length} of the first match, or {npos, 0}.
  std::pair<std::size_t, std::size_t> first_match(std::string_view text) const;

 private:
  std::string typed_;
  std::string needle_;  // lower-cased substring
  std::shared_ptr<const TextMatcher> regex_;
  std::string error_;
  bool inverse_ = false;
};

// ASCII lower-casing (AWS names and log text are overwhelmingly ASCII; other bytes kept).
std::string ascii_lower(std::string_view s);

}  // namespace opsdeck::ui
