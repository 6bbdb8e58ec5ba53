#pragma once
// CliReference: the command line as data — every subcommand with its description, footer,
// positionals, options and flags — read from the CLI::App that run_cli() parses with
// (cli_reference()), so the shell completions (completion_script.hpp) and the man page
// (man_page.hpp) are generated from the definition and never drift from it.
// Pure apart from building the CLI; any thread.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace opsdeck::app {

struct CliOption {
  std::vector<std::string> names;  // "--output", "-o" (long names first); empty for a positional
  std::string positional;          // "file" for a positional, else ""
  std::string description;
  std::string value;               // what the value is ("TEXT", "INT"); "" for a flag
  std::vector<std::string> choices;  // the allowed values when the definition lists them
  bool required = false;
  bool repeatable = false;         // a vector option or positional (--var K=V...)

  bool is_flag() const { return positional.empty() && value.empty(); }
  // "--output, -o TEXT" / "--yes" / "FILE".
  std::string synopsis() const;
};

struct CliCommand {
  std::string name;                   // "opsdeck", "run"
  std::vector<std::string> path;      // {"ssm", "run"}; empty for the top level
  std::string description;
  std::string footer;                 // "Exit: 0 ...; 1 ..." (may be empty)
  std::vector<CliOption> options;     // flags and options (--help excluded), then positionals
  std::vector<CliCommand> subcommands;

  std::vector<const CliOption*> positionals() const;
  std::vector<const CliOption*> named_options() const;
  // "opsdeck ssm run" for messages and the man page.
  std::string full_name() const;
};

// The reference of an already built CLI::App; opsdeck's own is cli_reference() (cli.hpp).
CliCommand describe_cli(const CLI::App& app);

}  // namespace opsdeck::app
