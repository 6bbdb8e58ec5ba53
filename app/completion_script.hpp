#pragma once
// Shell completion scripts for bash, zsh and fish, generated from the command line's
// reference (cli_reference.hpp): subcommands at every level, their options and flags,
// the allowed values of options and positionals that list them, files elsewhere.
// `opsdeck completion SHELL` prints one; the build writes all three for installation.
// Pure; any thread.

#include <optional>
#include <string>
#include <string_view>

#include "app/cli_reference.hpp"

namespace opsdeck::app {

enum class Shell { Bash, Zsh, Fish };

std::optional<Shell> shell_named(std::string_view name);  // "bash" | "zsh" | "fish"

std::string completion_script(const CliCommand& cli, Shell shell);

}  // namespace opsdeck::app
