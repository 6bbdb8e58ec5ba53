#pragma once
// The INI dialect of ~/.aws/credentials and ~/.aws/config: [section] headers, key = value
// lines, '#' and ';' comments (whole line, or after whitespace), indented lines under a
// "key =" line form a nested block (stored as "key.sub"), names trimmed, keys lower-case.
// A malformed line is an error naming the file and the line number.

#include <map>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::aws {

using IniSection = std::map<std::string, std::string>;

struct IniFile {
  std::map<std::string, IniSection> sections;
  const IniSection* section(const std::string& name) const;
};

Result<IniFile> parse_ini(std::string_view text, const std::string& origin = "config");

}  // namespace opsdeck::aws
