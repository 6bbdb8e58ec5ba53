// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s std::regex compiler when
// building with -fsanitize=address,undefined (GCC bug 105562); the code is not ours.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "widgets/text_filter.hpp"

#include <algorithm>

namespace opsdeck::ui {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

namespace {

// `text` lower-cased (ASCII) into a per-thread buffer, valid until the next call.
std::string_view lowered_copy(std::string_view text) {
  thread_local std::string buf;
  buf.assign(text);
  for (char& c : buf)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return buf;
}

}  // namespace

TextFilter::TextFilter(std::string_view typed) : typed_(typed) {
  std::string_view t = typed;
  if (t.starts_with('!')) {
    inverse_ = true;
    t.remove_prefix(1);
  }
  std::string_view pattern;
  bool regex = false;
  if (t.starts_with('/') && t.size() > 1) {
    regex = true;
    pattern = t.substr(1);
    if (pattern.ends_with('/')) pattern.remove_suffix(1);
  } else if (t.starts_with('~') && t.size() > 1) {
    regex = true;
    pattern = t.substr(1);
  }
  if (!regex) {
    needle_ = ascii_lower(t);
    return;
  }
  if (pattern.empty()) return;
  // Case-insensitive by lower-casing both sides (ASCII) and running a case-sensitive
  // regex: std::regex's icase translates every character through the locale, which is
  // several times slower. Escapes keep their case (\D, \S, \W, \B stay classes).
  std::string lowered(pattern);
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    if (lowered[i] == '\\') {
      ++i;
      continue;
    }
    if (lowered[i] >= 'A' && lowered[i] <= 'Z') lowered[i] = static_cast<char>(lowered[i] - 'A' + 'a');
  }
  std::string error;
  if (auto m = TextMatcher::regex(lowered, false, &error))
    regex_ = std::make_shared<const TextMatcher>(std::move(*m));
  else
    error_ = "bad regular expression: " + error;
}

std::pair<std::size_t, std::size_t> TextFilter::first_match(std::string_view text) const {
  constexpr auto none = std::pair<std::size_t, std::size_t>{std::string_view::npos, 0};
  if (inverse_ || !error_.empty()) return none;
  if (regex_) {
    std::size_t begin = 0, length = 0;
    if (!regex_->find(lowered_copy(text), 0, begin, length)) return none;
    return {begin, length};
  }
  if (needle_.empty()) return none;
  auto it = std::search(text.begin(), text.end(), needle_.begin(), needle_.end(), [](char a, char b) {
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    return a == b;
  });
  if (it == text.end()) return none;
  return {static_cast<std::size_t>(it - text.begin()), needle_.size()};
}

bool TextFilter::narrows(const TextFilter& broader) const {
  if (broader.empty()) return error_.empty();
  bool plain = !regex_ && error_.empty() && !inverse_;
  bool broader_plain = !broader.regex_ && broader.error_.empty() && !broader.inverse_;
  return plain && broader_plain && needle_.find(broader.needle_) != std::string::npos;
}

bool TextFilter::matches(std::string_view text) const {
  if (!error_.empty()) return false;
  if (empty()) return true;
  bool hit;
  if (regex_) {
    hit = regex_->matches(lowered_copy(text));
  } else {
    hit = std::search(text.begin(), text.end(), needle_.begin(), needle_.end(), [](char a, char b) {
            if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
            return a == b;
          }) != text.end();
  }
  return hit != inverse_;
}

bool TextFilter::matches_lowered(std::string_view text) const {
  if (!error_.empty()) return false;
  if (empty()) return true;
  bool hit = regex_ ? regex_->matches(text) : text.find(needle_) != std::string_view::npos;
  return hit != inverse_;
}

}  // namespace opsdeck::ui
