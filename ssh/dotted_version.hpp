#pragma once
// Dotted numeric versions ("3.0.196.0", "1.2.497"), as the Session Manager agent and plugin
// report them, compared part by part as numbers; a missing part counts as 0 and reading
// stops at the first character that is neither a digit nor a dot ("1.2.3-beta" is 1.2.3).
// Pure; any thread.

#include <string>

namespace opsdeck::ssh {

// <0, 0 or >0 as `a` is older than, the same as or newer than `b`.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace opsdeck::ssh
