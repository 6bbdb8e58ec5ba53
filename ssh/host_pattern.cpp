#include "ssh/host_pattern.hpp"

#include <cctype>

namespace opsdeck::ssh {

namespace {

bool same_char(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

}  // namespace

bool match_pattern(std::string_view text, std::string_view pattern) {
  // Iterative glob with single-star backtracking: linear in practice, no recursion depth
  // to exhaust on hostile input (the fuzzer feeds it).
  size_t t = 0, p = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same_char(pattern[p], text[t])))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool match_pattern_list(std::string_view text, std::string_view list, std::string_view separators) {
  bool matched = false;
  size_t i = 0;
  while (i < list.size()) {
    size_t end = list.find_first_of(separators, i);
    if (end == std::string_view::npos) end = list.size();
    std::string_view entry = list.substr(i, end - i);
    i = end + 1;
    if (entry.empty()) continue;
    bool negated = entry.front() == '!';
    if (negated) entry.remove_prefix(1);
    if (match_pattern(text, entry)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

}  // namespace opsdeck::ssh
