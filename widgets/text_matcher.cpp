#include "widgets/text_matcher.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace opsdeck::ui {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::size_t find_icase(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  const char first_l = needle[0];
  const char first_u = static_cast<char>(std::toupper(static_cast<unsigned char>(first_l)));
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (hay[i] != first_l && hay[i] != first_u) continue;
    std::size_t k = 1;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool is_meta(char c) { return std::strchr(".^$()[]{}*+?|\\", c) != nullptr; }

}  // namespace

std::string required_literal(std::string_view p) {
  if (p.find('|') != std::string_view::npos) return {};
  std::string best, run;
  auto end_run = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  int depth = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    // The atom at i: a literal char (plain or escaped punctuation) or something else.
    std::string lit;
    std::size_t next = i + 1;
    bool literal = false;
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      next = i + 2;
      if (!std::isalnum(static_cast<unsigned char>(e))) {
        lit = std::string(1, e);
        literal = true;
      }
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += (p[j] == '\\') ? 2 : 1;
      next = j + 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (!is_meta(c)) {
      lit = std::string(1, c);
      literal = true;
    }
    const char q = next < p.size() ? p[next] : '\0';
    const bool optional = q == '*' || q == '?' || q == '{';
    if (literal && depth == 0 && !optional) {
      run += lit;
      if (q == '+') end_run();
    } else {
      end_run();
    }
    i = next - 1;
  }
  end_run();
  return best;
}

std::optional<TextMatcher> TextMatcher::substring(std::string needle, bool ignore_case) {
  TextMatcher m;
  m.spec_ = needle;
  m.ignore_case_ = ignore_case;
  if (ignore_case) std::transform(needle.begin(), needle.end(), needle.begin(), lower);
  m.needle_ = std::move(needle);
  return m;
}

std::optional<TextMatcher> TextMatcher::regex(const std::string& pattern, bool ignore_case, std::string* error) {
  TextMatcher m;
  m.spec_ = "/" + pattern + "/";
  try {
    auto flags = std::regex::ECMAScript | std::regex::optimize;
    if (ignore_case) flags |= std::regex::icase;
    m.re_ = std::make_shared<const std::regex>(pattern, flags);
    m.required_ = required_literal(pattern);
    if (ignore_case) std::transform(m.required_.begin(), m.required_.end(), m.required_.begin(), lower);
    m.ignore_case_ = ignore_case;
  } catch (const std::regex_error& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return m;
}

std::optional<TextMatcher> TextMatcher::parse(const std::string& spec, std::string* error) {
  const bool has_upper = std::any_of(spec.begin(), spec.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  if (spec.size() >= 2 && spec.front() == '/' && spec.back() == '/')
    return regex(spec.substr(1, spec.size() - 2), !has_upper, error);
  return substring(spec, !has_upper);
}

bool TextMatcher::find(std::string_view text, std::size_t from, std::size_t& begin, std::size_t& length) const {
  if (from > text.size()) return false;
  if (re_) {
    if (!required_.empty()) {
      const std::size_t at = ignore_case_ ? find_icase(text, required_, from) : text.find(required_, from);
      if (at == std::string_view::npos) return false;
    }
    std::cmatch m;
    if (!std::regex_search(text.data() + from, text.data() + text.size(), m, *re_)) return false;
    begin = from + static_cast<std::size_t>(m.position(0));
    length = static_cast<std::size_t>(m.length(0));
    return true;
  }
  const std::size_t at = ignore_case_ ? find_icase(text, needle_, from) : text.find(needle_, from);
  if (at == std::string_view::npos) return false;
  begin = at;
  length = needle_.size();
  return true;
}

bool TextMatcher::matches(std::string_view text) const {
  if (re_) {
    if (!required_.empty() &&
        (ignore_case_ ? find_icase(text, required_, 0) : text.find(required_)) == std::string_view::npos)
      return false;
    return std::regex_search(text.data(), text.data() + text.size(), *re_);
  }
  std::size_t b = 0, l = 0;
  return find(text, 0, b, l);
}

}  // namespace opsdeck::ui
