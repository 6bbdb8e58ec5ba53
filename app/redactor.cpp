#include "app/redactor.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "app/secret_names.hpp"
#include "app/secret_value_forms.hpp"

namespace opsdeck::app {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }
bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

// Longest quoted or unquoted part we read as one value (bounded, like the regexes below).
constexpr std::size_t kMaxValue = 4096;

// End of a quoted string that starts at `p` (on the quote); double quotes honour backslashes.
// An unterminated string runs to the end of the line.
std::size_t quoted_end(std::string_view t, std::size_t p) {
  char q = t[p];
  std::size_t limit = std::min(t.size(), p + kMaxValue);
  for (std::size_t i = p + 1; i < limit; ++i) {
    if (q == '"' && t[i] == '\\') {
      ++i;
      continue;
    }
    if (t[i] == q) return i + 1;
    if (t[i] == '\n') return i;
  }
  return limit;
}

// End of one shell word at `p`: quoted parts, backslash escapes and plain characters,
// up to a blank or an operator.
std::size_t shell_word_end(std::string_view t, std::size_t p) {
  std::size_t limit = std::min(t.size(), p + kMaxValue);
  while (p < limit) {
    char c = t[p];
    if (c == '\'' || c == '"') {
      p = quoted_end(t, p);
    } else if (c == '\\') {
      p = std::min(limit, p + 2);
    } else if (is_space(c) || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')' ||
               c == '`') {
      break;
    } else {
      ++p;
    }
  }
  return p;
}

// End of a `key: value` value: a quoted string, or up to a blank or a separator.
std::size_t field_value_end(std::string_view t, std::size_t p) {
  if (t[p] == '"' || t[p] == '\'') return quoted_end(t, p);
  std::size_t limit = std::min(t.size(), p + kMaxValue);
  while (p < limit && !is_space(t[p]) && t[p] != ',' && t[p] != ';' && t[p] != '}' && t[p] != ']' && t[p] != ')')
    ++p;
  return p;
}

struct Span {
  std::size_t begin, end;
};

// Values after secret names: `--name value`, `--name=value`, `NAME=value`, `NAME: value`,
// `"name": "value"`.
std::vector<Span> named_values(std::string_view t, const std::vector<std::string>& extra) {
  std::vector<Span> out;
  std::size_t i = 0;
  while (i < t.size()) {
    bool flag = t[i] == '-' && i + 2 < t.size() && t[i + 1] == '-' && std::isalnum(static_cast<unsigned char>(t[i + 2])) &&
                (i == 0 || !is_name_char(t[i - 1]));
    bool name = !flag && is_name_start(t[i]) && (i == 0 || !is_name_char(t[i - 1]));
    if (!flag && !name) {
      ++i;
      continue;
    }
    std::size_t b = flag ? i + 2 : i;
    std::size_t e = b;
    while (e < t.size() && is_name_char(t[e])) ++e;
    std::string_view id = t.substr(b, e - b);
    std::size_t p = e;
    std::size_t value = npos;
    bool shell = true;
    if (flag) {
      if (p < t.size() && t[p] == '=') {
        value = p + 1;
      } else if (p < t.size() && is_blank(t[p])) {
        while (p < t.size() && is_blank(t[p])) ++p;
        value = p;
      }
    } else {
      if (b > 0 && (t[b - 1] == '"' || t[b - 1] == '\'') && p < t.size() && t[p] == t[b - 1]) ++p;  // "key":
      while (p < t.size() && is_blank(t[p])) ++p;
      if (p < t.size() && t[p] == '=' && (p + 1 >= t.size() || t[p + 1] != '=')) {
        value = p + 1;
      } else if (p < t.size() && t[p] == ':' && (p + 1 >= t.size() || t[p + 1] != ':')) {
        value = p + 1;
        shell = false;
      }
      if (value != npos)
        while (value < t.size() && is_blank(t[value])) ++value;
    }
    if (value != npos && value < t.size() && !is_space(t[value]) && is_secret_name(id, extra)) {
      std::size_t end = shell ? shell_word_end(t, value) : field_value_end(t, value);
      if (end > value) {
        out.push_back({value, end});
        i = end;
        continue;
      }
    }
    i = e > i ? e : i + 1;
  }
  return out;
}

std::string replace_spans(std::string_view t, const std::vector<Span>& spans) {
  std::string out;
  std::size_t at = 0;
  for (const Span& s : spans) {
    out.append(t.substr(at, s.begin - at));
    out.append(Redactor::kMask);
    at = s.end;
  }
  out.append(t.substr(at));
  return out;
}

std::string mask_encoded(std::string_view t, const std::string& secret) {
  std::string out;
  std::size_t at = 0;
  const char first = secret[0];
  for (std::size_t i = 0; i < t.size();) {
    char c = t[i];
    std::size_t end = c == first || c == '\\' || c == '%' || c == '\'' || c == '+' ? match_encoded_value(t, i, secret) : npos;
    if (end == npos) {
      ++i;
      continue;
    }
    out.append(t.substr(at, i - at));
    out.append(Redactor::kMask);
    at = i = end;
  }
  out.append(t.substr(at));
  return out;
}

void mask_literal(std::string& out, const std::string& s) {
  for (std::size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + Redactor::kMask.size()))
    out.replace(pos, s.size(), Redactor::kMask);
}

auto longest_first = [](const std::string& a, const std::string& b) { return a.size() > b.size(); };

}  // namespace

void Redactor::add_secret(std::string value) {
  if (value.size() < 4) return;
  if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  for (auto& f : base64_forms(value))
    if (std::find(base64_forms_.begin(), base64_forms_.end(), f) == base64_forms_.end()) base64_forms_.push_back(f);
  secrets_.push_back(std::move(value));
  // Longest first, so a secret containing another is masked whole.
  std::stable_sort(secrets_.begin(), secrets_.end(), longest_first);
  std::stable_sort(base64_forms_.begin(), base64_forms_.end(), longest_first);
}

void Redactor::add_secret_names(std::vector<std::string> names) {
  for (auto& n : names)
    if (!n.empty()) extra_names_.push_back(std::move(n));
}

std::string Redactor::redact(std::string_view text) const {
  // Long words are masked whole before any regex runs: they are blobs (keys, tokens,
  // base64) far more often than commands, and libstdc++'s regex recursion depth grows
  // with match length. Quoted values in the patterns below are bounded for the same reason.
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    while (j < text.size() && !is_space(text[j])) ++j;
    if (j - i > 512) {
      out += kMask;
    } else {
      out.append(text.substr(i, j - i));
    }
    size_t k = j;
    while (k < text.size() && is_space(text[k])) ++k;
    out.append(text.substr(j, k - j));
    i = k;
  }
  for (const auto& s : secrets_) out = mask_encoded(out, s);
  for (const auto& f : base64_forms_) mask_literal(out, f);

  static const auto icase = std::regex::ECMAScript | std::regex::icase;
  static const std::regex bearer(R"(\b(Authorization:\s*(?:Bearer|Basic|token)\s+)[^\s'"]+)", icase);
  out = std::regex_replace(out, bearer, "$1***");
  out = replace_spans(out, named_values(out, extra_names_));

  static const std::regex url_userinfo(R"(([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@)", icase);
  static const std::regex access_key_id(R"(\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b)");
  static const std::regex secret_key(R"((^|[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))");
  static const std::regex long_token(R"([A-Za-z0-9/+=_-]{100,})");
  out = std::regex_replace(out, url_userinfo, "$1***@");
  out = std::regex_replace(out, access_key_id, "$1****************");
  out = std::regex_replace(out, long_token, "***");
  // A 40-character base64 word is a secret access key unless it is plainly hex (a SHA-1).
  std::string result;
  std::smatch m;
  std::string rest = out;
  static const std::regex hex40(R"(^[0-9a-f]{40}$)");
  while (std::regex_search(rest, m, secret_key)) {
    std::string word = m.str().substr(m[1].length());
    result += m.prefix().str() + m[1].str();
    result += std::regex_match(word, hex40) ? word : std::string(kMask);
    rest = m.suffix().str();
  }
  return result + rest;
}

}  // namespace opsdeck::app
