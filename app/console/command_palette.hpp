#pragma once
// The `:` command palette's vocabulary: every command with its argument hint and a
// description (listed by `:help` and completed with Tab), and parsing of a typed line.
// What a command does is decided by the console (ConsoleView::run_command). Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

struct PaletteCommand {
  std::string name;         // "ec2"
  std::string argument;     // "" or a hint such as "GROUP", "R"
  std::string description;  // "EC2 instances"
  std::vector<std::string> aliases;  // "instances"
};

struct ParsedCommand {
  const PaletteCommand* command = nullptr;  // nullptr: unknown
  std::string name;                        // as typed
  std::string argument;                    // rest of the line, trimmed
};

class CommandPalette {
 public:
  CommandPalette();  // the built-in commands (README "Keys")
  const std::vector<PaletteCommand>& commands() const { return commands_; }
  ParsedCommand parse(std::string_view line) const;
  // Completions of a partly typed line: command names, then values for arguments that have
  // known values (themes, regions) given by `argument_values`.
  std::vector<std::string> complete(std::string_view line) const;
  void set_argument_values(const std::string& command, std::vector<std::string> values);

 private:
  std::vector<PaletteCommand> commands_;
  std::vector<std::pair<std::string, std::vector<std::string>>> values_;
};

}  // namespace opsdeck::app
