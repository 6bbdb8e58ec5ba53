#pragma once
// A search / filter / highlight pattern: a plain substring (fast, memchr-based search) or
// an ECMAScript regex; optionally case-insensitive. Used by the log view for search,
// include/exclude filters and highlight rules. Pure; any thread (a matcher is immutable).

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace opsdeck::ui {

class TextMatcher {
 public:
  // `error` (when given) receives the regex error; the result is then nullopt.
  static std::optional<TextMatcher> substring(std::string needle, bool ignore_case = false);
  static std::optional<TextMatcher> regex(const std::string& pattern, bool ignore_case = false,
                                          std::string* error = nullptr);
  // "/re/" is a regex, anything else a substring; upper-case letters make it case-sensitive
  // (smart case, like vim and lnav).
  static std::optional<TextMatcher> parse(const std::string& spec, std::string* error = nullptr);

  bool matches(std::string_view text) const;
  // First match at or after `from`: sets begin/length; false when none.
  bool find(std::string_view text, std::size_t from, std::size_t& begin, std::size_t& length) const;
  const std::string& spec() const { return spec_; }

 private:
  std::string spec_;
  std::string needle_;  // lower-cased when ignore_case_
  bool ignore_case_ = false;
  std::shared_ptr<const std::regex> re_;
  // A literal every match of re_ must contain (longest one found), checked with a fast
  // substring search before the regex runs; "" when none could be proven.
  std::string required_;
};

// The longest literal run that every match of an ECMAScript pattern must contain; "" when
// the pattern has alternation or no such run. Exposed for tests.
std::string required_literal(std::string_view pattern);

}  // namespace opsdeck::ui
