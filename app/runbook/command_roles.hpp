#pragma once
// What the arguments of one simple command become once the command runs: plain data,
// code that another interpreter parses again (`bash -c '…'`, `ssh host '…'`, `eval`,
// `watch '…'`, `su -c`, `trap '…'`), or the name of a shell variable (`unset X`,
// `read X`, `printf -v X`, `[ -v X ]`), where bash evaluates a subscript such as
// `a[$(cmd)]`. Also whether the command reads shell code from its standard input
// (`bash <<EOF`, `… | sh`, `ssh host`, `xargs`).
//
// The judgement is made from the literal words only and leans towards "code" when it is
// unsure (a wrapper it does not know, an option word that is not literal): a wrong
// "code" refuses a value, a wrong "data" would let a value become syntax.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <vector>

namespace opsdeck::app::runbook {

// What happens to an argument; an argument can be several at once (an ssh destination
// that could also be an option word is both Host and Code).
enum ArgRole : unsigned {
  kData = 0,  // the program receives the word as one argument and uses it as data
  kCode = 1,  // another interpreter parses the word (or what it expands to) as code
  kName = 2,  // bash uses the word as a variable name (subscripts are evaluated)
  kHost = 4,  // ssh's destination or option value: a leading '-' would be read as an option
};

struct CommandRoles {
  std::vector<unsigned> roles;   // ArgRole bits, one entry per argument, same order as the words
  std::vector<std::string> why;  // per argument: what gives it the role ("bash -c", "ssh")
  bool stdin_is_code = false;    // what the command reads on stdin is parsed as code
  std::string stdin_why;
  // What it reads on stdin is known to stay data (cat, tee, grep ...; through sudo/doas);
  // false for every command opsdeck does not know, which may run its input as code.
  bool stdin_is_data = false;
};

// One word of a command as far as it is known before it runs.
struct CommandWord {
  std::optional<std::string>
      text;                   // the word with quotes removed; nullopt when it holds an expansion
  bool may_be_option = true;  // not literal, and could start with '-'
};

// `args` are the command's words, the command name first.
CommandRoles classify_command(const std::vector<CommandWord>& args);

// True for the names of POSIX-like shells (bash, sh, dash, zsh, ksh, ...).
bool is_shell_name(std::string_view word);

}  // namespace opsdeck::app::runbook
