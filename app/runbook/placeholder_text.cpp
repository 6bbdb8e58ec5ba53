#include "app/runbook/placeholder_text.hpp"

#include <cctype>

namespace opsdeck::app::runbook {

namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// `<UPPER_SNAKE>` or `<kebab-case>` at s[i] == '<' (the rules of variables.cpp);
// returns the length, 0 when there is none.
std::size_t angle_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '<') return 0;
  std::size_t j = i + 1;
  if (j < s.size() && upper(s[j])) {
    while (j < s.size() && (upper(s[j]) || digit(s[j]) || s[j] == '_')) ++j;
  } else if (j < s.size() && lower(s[j])) {
    int dashes = 0;
    while (j < s.size() && (lower(s[j]) || digit(s[j]) || s[j] == '-')) {
      if (s[j] == '-') {
        if (s[j - 1] == '-') return 0;
        ++dashes;
      }
      ++j;
    }
    if (dashes == 0 || s[j - 1] == '-') return 0;
  } else {
    return 0;
  }
  if (j >= s.size() || s[j] != '>') return 0;
  return j - i + 1;
}

// `{name}` at s[i] == '{' whose name has a value; not `${name}`, not `{fd}>file`.
std::size_t brace_at(std::string_view s, std::size_t i,
                     const std::map<std::string, std::string>& values) {
  if (s[i] != '{' || (i > 0 && s[i - 1] == '$')) return 0;
  std::size_t j = i + 1;
  if (j >= s.size() || !(std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '_')) return 0;
  while (j < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '-'))
    ++j;
  if (j >= s.size() || s[j] != '}') return 0;
  if (j + 1 < s.size() && (s[j + 1] == '<' || s[j + 1] == '>')) return 0;
  if (!values.count(std::string(s.substr(i + 1, j - i - 1)))) return 0;
  return j - i + 1;
}

}  // namespace

bool is_bare_placeholder_name(std::string_view w) {
  if (w.empty() || !upper(w[0]) || w.back() == '_' || w.find('_') == std::string_view::npos)
    return false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] == '_' && w[i - 1] == '_') return false;
    if (!upper(w[i]) && !digit(w[i]) && w[i] != '_') return false;
  }
  return true;
}

TokenizedScript tokenize_placeholders(std::string_view code,
                                      const std::map<std::string, std::string>& values) {
  TokenizedScript out;
  // A prefix absent from the code makes every token unique: the prefix has one capital
  // 'O', at its start, and tokens end in 'q' after their number, so no token can begin
  // inside another or across the code around it.
  out.token_prefix = "Opsdeckph";
  while (code.find(out.token_prefix) != std::string_view::npos) out.token_prefix += "x";
  std::size_t pos = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    std::size_t n = code[i] == '<'   ? angle_at(code, i)
                    : code[i] == '{' ? brace_at(code, i, values)
                                     : 0;
    if (n == 0) continue;
    PlaceholderToken t;
    t.token = out.token_prefix + std::to_string(out.tokens.size()) + "q";
    t.original = std::string(code.substr(i, n));
    t.name = t.original.substr(1, n - 2);
    out.script.append(code, pos, i - pos);
    out.script += t.token;
    out.tokens.push_back(std::move(t));
    i += n - 1;
    pos = i + 1;
  }
  out.script.append(code, pos, std::string_view::npos);
  return out;
}

}  // namespace opsdeck::app::runbook
