#pragma once
// The `:` command palette over the command table (command_table.hpp): parsing a typed line
// into its command and argument, and completion with Tab (command words, then values for
// arguments that have known values: themes, regions, alarms, runbooks). `:help` lists the
// table's palette commands. What a command does is its handler in the table. UI thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/console/command_table.hpp"

namespace opsdeck::app {

struct ParsedCommand {
  const ConsoleCommand* command = nullptr;  // nullptr: unknown; valid until the table changes
  std::string name;                        // as typed
  std::string argument;                    // rest of the line, trimmed
};

class CommandPalette {
 public:
  // Borrows `table`, which must outlive the palette.
  explicit CommandPalette(const CommandTable& table) : table_(table) {}
  // The commands that have a palette word, in the order they were added.
  std::vector<const ConsoleCommand*> commands() const;
  ParsedCommand parse(std::string_view line) const;
  std::vector<std::string> complete(std::string_view line) const;
  // Values offered after the command whose word is `command`.
  void set_argument_values(const std::string& command, std::vector<std::string> values);

 private:
  const CommandTable& table_;
  std::vector<std::pair<std::string, std::vector<std::string>>> values_;
};

}  // namespace opsdeck::app
