#pragma once
// Finds a program the way opsdeck starts the ones it hands secrets to: on $PATH's absolute
// directories only (an empty or relative element, as in PATH=:/usr/bin, would make the
// current directory a place to plant one), a regular executable file. Reads the
// environment; any thread.

#include <optional>
#include <string>

namespace opsdeck::ssh {

// The program's absolute path, or nullopt. $PATH unset means /usr/local/bin:/usr/bin:/bin.
std::optional<std::string> find_program(const std::string& name);

}  // namespace opsdeck::ssh
