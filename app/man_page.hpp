#pragma once
// The opsdeck(1) manual page in roff (man(7) macros), generated from the command line's
// reference (cli_reference.hpp): the synopsis, the global options and every subcommand
// with its options, positionals and footer; EXIT STATUS from documented_exit_codes()
// (exit_codes.hpp); CONSOLE KEYS from the key table of a Markdown document's
// "## Keys (console)" section (the build passes README.md, whose table a unit test holds to
// the console's command table); DESCRIPTION, ENVIRONMENT and FILES are written here.
// Pure; any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/cli_reference.hpp"

namespace opsdeck::app {

// The rows (key, what it does) of the first table under "## Keys (console)" in `markdown`;
// empty when there is none.
std::vector<std::pair<std::string, std::string>> console_key_rows(std::string_view markdown);

// `console_keys` may be empty: CONSOLE KEYS then points at `?` in the console.
std::string man_page(const CliCommand& cli, const std::vector<std::pair<std::string, std::string>>& console_keys,
                     const std::string& version);

}  // namespace opsdeck::app
