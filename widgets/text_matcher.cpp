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

}  // namespace

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
  if (re_) return std::regex_search(text.data(), text.data() + text.size(), *re_);
  std::size_t b = 0, l = 0;
  return find(text, 0, b, l);
}

}  // namespace opsdeck::ui
