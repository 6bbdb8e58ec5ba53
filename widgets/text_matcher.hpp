#pragma once
// A search / filter / highlight pattern: a plain substring (fast, memchr-based search) or
// an ECMAScript regex; optionally case-insensitive. Used by the log view for search,
// include/exclude filters and highlight rules. Pure; any thread (a matcher is immutable).

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::ui {

// Finds a literal, exactly or ignoring ASCII case (Horspool with a precomputed skip table).
class LiteralSearcher {
 public:
  LiteralSearcher(std::string needle, bool ignore_case);
  std::size_t find(std::string_view hay, std::size_t from) const;  // npos when absent
  std::size_t size() const { return needle_.size(); }

 private:
  std::string needle_;  // lower-cased when ignore_case_
  bool ignore_case_;
  std::size_t skip_[256];
};

class TextMatcher {
 public:
  // `error` (when given) receives the regex error; the result is then nullopt.
  static std::optional<TextMatcher> substring(std::string needle, bool ignore_case = false);
  static std::optional<TextMatcher> regex(const std::string& pattern, bool ignore_case = false,
                                          std::string* error = nullptr);
  // "/re/" is a regex, anything else a substring. Smart case (like vim and lnav): a
  // pattern with an upper-case letter is case-sensitive, one with lower-case letters only
  // ignores case, one without letters is matched exactly.
  static std::optional<TextMatcher> parse(const std::string& spec, std::string* error = nullptr);

  bool matches(std::string_view text) const;
  // First match at or after `from`: sets begin/length; false when none.
  bool find(std::string_view text, std::size_t from, std::size_t& begin, std::size_t& length) const;
  const std::string& spec() const { return spec_; }

 private:
  std::string spec_;
  std::shared_ptr<const LiteralSearcher> literal_;  // the substring, or the regex's leading literal
  bool literal_is_prefix_ = false;                  // regex: every match starts with literal_
  std::vector<std::shared_ptr<const LiteralSearcher>> required_;  // regex: all must occur
  std::shared_ptr<const std::regex> re_;
};

// Literal runs that every match of an ECMAScript pattern must contain (none when the
// pattern has alternation); `first_is_prefix` when runs[0] starts the pattern, so every
// match starts with it. Exposed for tests.
struct LiteralRuns {
  std::vector<std::string> runs;
  bool first_is_prefix = false;
};
LiteralRuns literal_runs(std::string_view pattern);
// The longest of literal_runs(pattern).runs, or "".
std::string required_literal(std::string_view pattern);

}  // namespace opsdeck::ui
