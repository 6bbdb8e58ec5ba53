#include "app/runbook/placeholder_text.hpp"

#include <cctype>

namespace opsdeck::app::runbook {

namespace {

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

bool name_char(char c) { return upper(c) || lower(c) || digit(c) || c == '_'; }

// `<name>` at s[i] == '<' whose name has a value (any spelling the loader reports:
// `<ZONE_ID>`, `<your-domain>`, `<container_id>`, `<path/to/file>`); 0 when there is none.
std::size_t angle_at(std::string_view s, std::size_t i, const std::map<std::string, std::string>& values) {
  if (i >= s.size() || s[i] != '<') return 0;
  std::size_t j = i + 1;
  while (j < s.size() && j - i < 128 && (name_char(s[j]) || s[j] == '-' || s[j] == '.' || s[j] == '/')) ++j;
  if (j == i + 1 || j >= s.size() || s[j] != '>') return 0;
  std::string_view name = s.substr(i + 1, j - i - 1);
  if (values.count(std::string(name))) return j - i + 1;
  // Without a value: still a placeholder (refused as "no value") when it is spelled as one
  // always is, `<UPPER_SNAKE>` or `<kebab-case>`.
  bool snake = upper(name[0]), kebab = lower(name[0]) && name.find('-') != std::string_view::npos;
  for (std::size_t k = 0; k < name.size(); ++k) {
    char c = name[k];
    snake = snake && (upper(c) || digit(c) || c == '_');
    kebab = kebab && (lower(c) || digit(c) || (c == '-' && name[k - 1] != '-'));
  }
  kebab = kebab && name.back() != '-';
  return snake || kebab ? j - i + 1 : 0;
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

// A bare ALL_CAPS word at s[i] whose name has a value, glued into a larger word
// (`ec2-user@YOUR_IP`, `Values=LB_ID`, `arn:aws:iam::ACCOUNT_ID:role/x`, `host/PATH_X`);
// never a `$NAME` / `${NAME}` reference, which bash expands itself. Bare words standing
// alone (`--task TASK_ARN`) are found in the syntax tree instead (placeholder_sites.hpp),
// where prose in quotes and `read NAME` are told apart.
std::size_t bare_at(std::string_view s, std::size_t i, const std::map<std::string, std::string>& values) {
  if (!upper(s[i]) || (i > 0 && (name_char(s[i - 1]) || s[i - 1] == '$'))) return 0;
  if (i > 1 && s[i - 1] == '{' && s[i - 2] == '$') return 0;
  std::size_t j = i;
  while (j < s.size() && (upper(s[j]) || digit(s[j]) || s[j] == '_')) ++j;
  if (j < s.size() && name_char(s[j])) return 0;
  auto glue = [](char c) { return c == '@' || c == '=' || c == ':' || c == '/' || c == '.'; };
  bool glued = (i > 0 && glue(s[i - 1])) || (j < s.size() && glue(s[j]));
  return glued && j - i >= 2 && values.count(std::string(s.substr(i, j - i))) ? j - i : 0;
}

}  // namespace

bool is_bare_placeholder_name(std::string_view w) {
  if (w.size() < 2 || !upper(w[0]) || w.back() == '_') return false;
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
    const bool bare = upper(code[i]);
    std::size_t n = code[i] == '<'   ? angle_at(code, i, values)
                    : code[i] == '{' ? brace_at(code, i, values)
                    : bare           ? bare_at(code, i, values)
                                     : 0;
    if (n == 0) {
      while (bare && i + 1 < code.size() && name_char(code[i + 1])) ++i;  // the rest of the word
      continue;
    }
    PlaceholderToken t;
    t.token = out.token_prefix + std::to_string(out.tokens.size()) + "q";
    t.original = std::string(code.substr(i, n));
    t.name = bare ? t.original : t.original.substr(1, n - 2);
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
