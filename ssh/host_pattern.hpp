#pragma once
// OpenSSH-style host patterns, shared by ssh_config `Host` lines and known_hosts entries.
//
// A pattern may use `*` (any run of characters) and `?` (one character); a pattern list
// is comma- or space-separated and an entry prefixed with `!` negates: a host matching a
// negated entry never matches the list, whatever else matches (ssh_config(5) "PATTERNS").
// Matching is case-insensitive, as host names are. Pure functions, any thread.

#include <string_view>

namespace opsdeck::ssh {

bool match_pattern(std::string_view text, std::string_view pattern);

// `separators` is "," for known_hosts host fields and " \t," for ssh_config Host lines.
bool match_pattern_list(std::string_view text, std::string_view list, std::string_view separators = ",");

}  // namespace opsdeck::ssh
