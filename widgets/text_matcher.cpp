#include "widgets/text_matcher.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace opsdeck::ui {
namespace {

const std::array<unsigned char, 256> kLower = [] {
  std::array<unsigned char, 256> t{};
  for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
  return t;
}();

unsigned char low(char c) { return kLower[static_cast<unsigned char>(c)]; }

bool is_meta(char c) { return std::strchr(".^$()[]{}*+?|\\", c) != nullptr; }

// Letters outside escapes ("\d" is not a letter of the text).
void letters(std::string_view p, bool regex, bool& upper, bool& any) {
  upper = any = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (regex && p[i] == '\\') {
      ++i;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (std::isalpha(c)) any = true;
    if (std::isupper(c)) upper = true;
  }
}

}  // namespace

LiteralSearcher::LiteralSearcher(std::string needle, bool ignore_case)
    : needle_(std::move(needle)), ignore_case_(ignore_case) {
  if (ignore_case_)
    for (char& c : needle_) c = static_cast<char>(low(c));
  const std::size_t m = needle_.size();
  for (auto& s : skip_) s = m ? m : 1;
  for (std::size_t i = 0; i + 1 < m; ++i) {
    const unsigned char c = static_cast<unsigned char>(needle_[i]);
    skip_[c] = m - 1 - i;
    if (ignore_case_ && c >= 'a' && c <= 'z') skip_[c - 32] = m - 1 - i;
  }
}

std::size_t LiteralSearcher::find(std::string_view hay, std::size_t from) const {
  if (!ignore_case_) return hay.find(needle_, from);
  const std::size_t m = needle_.size();
  if (m == 0) return from <= hay.size() ? from : std::string_view::npos;
  const char* h = hay.data();
  const char* n = needle_.data();
  for (std::size_t i = from; i + m <= hay.size();) {
    const char last = h[i + m - 1];
    if (static_cast<char>(low(last)) == n[m - 1]) {
      std::size_t k = 0;
      while (k + 1 < m && static_cast<char>(low(h[i + k])) == n[k]) ++k;
      if (k + 1 >= m) return i;
    }
    i += skip_[static_cast<unsigned char>(last)];
  }
  return std::string_view::npos;
}

LiteralRuns literal_runs(std::string_view p) {
  LiteralRuns out;
  if (p.find('|') != std::string_view::npos) return out;
  std::string run;
  bool run_at_start = false;
  auto end_run = [&] {
    if (!run.empty()) {
      if (out.runs.empty() && run_at_start) out.first_is_prefix = true;
      out.runs.push_back(run);
    }
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
      if (run.empty()) run_at_start = i == 0;
      run += lit;
      if (q == '+') end_run();
    } else {
      end_run();
      if (i == 0) run_at_start = false;
    }
    i = next - 1;
  }
  end_run();
  return out;
}

std::string required_literal(std::string_view pattern) {
  std::string best;
  for (auto& r : literal_runs(pattern).runs)
    if (r.size() > best.size()) best = r;
  return best;
}

std::optional<TextMatcher> TextMatcher::substring(std::string needle, bool ignore_case) {
  TextMatcher m;
  m.spec_ = needle;
  m.literal_ = std::make_shared<const LiteralSearcher>(std::move(needle), ignore_case);
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
  const LiteralRuns lr = literal_runs(pattern);
  for (const auto& r : lr.runs) m.required_.push_back(std::make_shared<const LiteralSearcher>(r, ignore_case));
  if (lr.first_is_prefix) {
    m.literal_ = m.required_.front();
    m.literal_is_prefix_ = true;
  }
  return m;
}

std::optional<TextMatcher> TextMatcher::parse(const std::string& spec, std::string* error) {
  const bool is_re = spec.size() >= 2 && spec.front() == '/' && spec.back() == '/';
  const std::string body = is_re ? spec.substr(1, spec.size() - 2) : spec;
  bool upper = false, any = false;
  letters(body, is_re, upper, any);
  const bool icase = any && !upper;
  if (is_re) return regex(body, icase, error);
  return substring(body, icase);
}

bool TextMatcher::find(std::string_view text, std::size_t from, std::size_t& begin, std::size_t& length) const {
  if (from > text.size()) return false;
  if (!re_) {
    const std::size_t at = literal_->find(text, from);
    if (at == std::string_view::npos) return false;
    begin = at;
    length = literal_->size();
    return true;
  }
  for (const auto& r : required_)
    if (r->find(text, from) == std::string_view::npos) return false;
  std::cmatch m;
  if (literal_is_prefix_) {
    // Every match starts at an occurrence of the leading literal: try only there.
    for (std::size_t at = literal_->find(text, from); at != std::string_view::npos; at = literal_->find(text, at + 1)) {
      auto flags = std::regex_constants::match_continuous;
      if (at > 0) flags |= std::regex_constants::match_prev_avail;
      if (std::regex_search(text.data() + at, text.data() + text.size(), m, *re_, flags)) {
        begin = at;
        length = static_cast<std::size_t>(m.length(0));
        return true;
      }
    }
    return false;
  }
  if (!std::regex_search(text.data() + from, text.data() + text.size(), m, *re_)) return false;
  begin = from + static_cast<std::size_t>(m.position(0));
  length = static_cast<std::size_t>(m.length(0));
  return true;
}

bool TextMatcher::matches(std::string_view text) const {
  std::size_t b = 0, n = 0;
  if (!re_) return literal_->find(text, 0) != std::string_view::npos;
  if (!literal_is_prefix_) {
    for (const auto& r : required_)
      if (r->find(text, 0) == std::string_view::npos) return false;
    return std::regex_search(text.data(), text.data() + text.size(), *re_);
  }
  return find(text, 0, b, n);
}

}  // namespace opsdeck::ui
