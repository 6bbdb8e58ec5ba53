#include "aws/ini_file.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::aws {

namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string strip_comment(std::string_view v) {
  // "value # comment" (a comment needs whitespace before it, as botocore requires).
  for (size_t i = 1; i < v.size(); ++i)
    if ((v[i] == '#' || v[i] == ';') && std::isspace(static_cast<unsigned char>(v[i - 1])))
      return trim(v.substr(0, i));
  return trim(v);
}

}  // namespace

const IniSection* IniFile::section(const std::string& name) const {
  auto it = sections.find(name);
  return it == sections.end() ? nullptr : &it->second;
}

Result<IniFile> parse_ini(std::string_view text, const std::string& origin) {
  IniFile out;
  IniSection* current = nullptr;
  std::string nested_key;  // "s3" while reading an indented block under "s3 ="
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      if (nl == text.size()) break;
      continue;
    }
    auto fail = [&](const std::string& why) {
      return make_error(ErrorKind::Usage, origin + ":" + std::to_string(line_no) + ": " + why,
                        "fix that line of " + origin);
    };
    bool indented = std::isspace(static_cast<unsigned char>(raw[0]));
    if (line[0] == '[') {
      auto close = line.find(']');
      if (close == std::string::npos) return fail("section header without ']'");
      std::string name = trim(std::string_view(line).substr(1, close - 1));
      // Collapse inner runs of spaces: "[profile   prod]" == "[profile prod]".
      std::string norm;
      for (char c : name) {
        if (c == ' ' && !norm.empty() && norm.back() == ' ') continue;
        norm += c;
      }
      current = &out.sections[norm];
      nested_key.clear();
    } else {
      if (!current) return fail("a setting before any [section]");
      auto eq = line.find('=');
      if (eq == std::string::npos) return fail("expected 'key = value'");
      std::string key = trim(std::string_view(line).substr(0, eq));
      std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
      std::string value = strip_comment(std::string_view(line).substr(eq + 1));
      if (key.empty()) return fail("empty key");
      if (indented && !nested_key.empty()) {
        (*current)[nested_key + "." + key] = value;
      } else {
        (*current)[key] = value;
        nested_key = value.empty() ? key : std::string();
      }
    }
    if (nl == text.size()) break;
  }
  return out;
}

}  // namespace opsdeck::aws
