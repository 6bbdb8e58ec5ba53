#pragma once
// Reading a command line the way getopt-style programs do, for the shell guard: short
// clusters (`-sXPOST`), `--name=value`, options that take the next word, `--`. A word whose
// value is hidden and could be an option (an unquoted `$X`, a glob) is reported instead of
// guessed at. Pure functions; safe on any thread.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/runbook/shell_command.hpp"

namespace opsdeck::app::runbook::command_args {

using Names = std::initializer_list<std::string_view>;

inline bool in(std::string_view s, Names names) {
  for (auto n : names)
    if (n == s) return true;
  return false;
}
template <size_t N>
bool in(std::string_view s, const std::string_view (&names)[N]) {
  for (auto n : names)
    if (n == s) return true;
  return false;
}

// A list of option names: a braced list at the call site, or a static array. Refers to the
// names; lives no longer than the full expression (or array) it was made from.
class NameList {
 public:
  NameList() = default;
  NameList(Names names) : list_(names) {}  // NOLINT(google-explicit-constructor)
  template <size_t N>
  NameList(const std::string_view (&names)[N]) : first_(names), last_(names + N) {}  // NOLINT
  bool contains(std::string_view s) const {
    for (const auto* n = first_; n != last_; ++n)
      if (*n == s) return true;
    return in(s, list_);
  }

 private:
  Names list_ = {};
  const std::string_view* first_ = nullptr;
  const std::string_view* last_ = nullptr;
};

// A word whose hidden value could be an option, or several words.
inline bool hidden_option(const ShellWord& w) {
  return !w.known && (w.may_be_option || w.may_split);
}
// "-", /dev/null, /dev/stdout, /dev/stderr: an output that is not a file.
bool to_stdout(std::string_view path);
std::string lower(std::string s);
bool identifier(std::string_view s);  // a shell variable name
// The literal word at `i`, or "" (absent or not literal).
std::string word_at(const ShellCommand& c, size_t i);

// One option (a short cluster gives one per letter) or operand of a command line.
struct Arg {
  std::string name;   // "-o", "--output"; "" for an operand
  std::string value;  // the option's value or the operand's text
  bool has_value = false;
  bool known = true;  // the value or operand is exactly `value`
  bool operand() const { return name.empty(); }
};
struct ArgSpec {
  std::string_view short_values;  // short options that take a value
  NameList long_values = {};      // long options that take a value (the next word, or after '=')
};
using ArgFn = std::function<std::string(const Arg&)>;

// Calls `fn` for every option and operand from words[from]; the first problem `fn` returns
// stops the walk and is returned. A hidden word where an option could be is a problem.
std::string visit(const ShellCommand& c, size_t from, const ArgSpec& spec, const ArgFn& fn);

// The subcommand of a program at or after words[from]. Only options known to come before
// it are allowed, so an option that takes a value can never hide the real subcommand.
struct Verb {
  size_t at = std::string::npos;  // npos: no subcommand
  std::string problem;
};
Verb find_verb(const ShellCommand& c, size_t from, std::string_view flags, std::string_view values,
               NameList long_flags, NameList long_values);

// Options of a wrapper (sudo, env, timeout, ...): short flags, short options taking a
// value, and long ones.
struct OptionSpec {
  std::string_view flags;
  std::string_view values;
  NameList long_flags = {};
  NameList long_values = {};
};
struct OptionScan {
  size_t next = 1;                                        // the first operand
  std::vector<std::pair<std::string, std::string>> seen;  // ("-u", "postgres"), ("--login", "")
  std::string problem;                                    // the first option not understood
  bool has(Names names) const;
  std::string value(Names names) const;  // the value of the first of `names` seen
};
// Skips the options of `w` from `from` up to the first operand (or past `--`).
OptionScan scan_options(const std::vector<ShellWord>& w, size_t from, const OptionSpec& spec,
                        std::string_view program);

}  // namespace opsdeck::app::runbook::command_args
