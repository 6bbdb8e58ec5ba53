#pragma once
// The shell guard: judges a runbook's bash from its syntax tree (shell_syntax.hpp) instead
// of guessing from raw text.
//
// - Read-only is proven, never guessed: every simple command anywhere in the tree (command
//   and process substitutions, conditions, loops, function bodies, `bash -c` and `ssh host
//   '…'` text, here-documents fed to shells) must be on the allow-list in
//   read_only_allowlist.hpp with its subcommand and options, no output may be redirected
//   into a file, and every construct must be one the judge understands. Anything else leaves
//   `unproven` naming the first command and line that could not be proven.
// - Destructive is judged on what will run: each simple command is normalised (quotes and
//   escapes removed, `/bin/rm` → `rm`, wrappers such as sudo/env/timeout/xargs/find -exec
//   looked through, runbook variables substituted) and judged one at a time by
//   DestructivePatterns::reasons(const ShellCommand&).
// - Fails closed: text shfmt cannot parse, a missing shfmt, an unknown node type or field,
//   nesting deeper than ~200 levels, a command name that is not literal, or shell text that
//   cannot be seen (`curl … | sh`, `eval "$X"`) is never read-only, and the last three are
//   reported as destructive too.
//
// judge_shell() runs shfmt once per script and once per nested script (bash -c, ssh, eval,
// ...), so it blocks for tens of milliseconds; it keeps no state and is safe on any thread.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/destructive_patterns.hpp"

namespace opsdeck::app::runbook {

struct ShellJudgement {
  bool parsed = false;  // shfmt produced a tree
  // "" when proven read-only; else why not, naming the command and line:
  // "line 2: `systemctl restart api`: systemctl restart changes something".
  std::string unproven;
  // One reason per finding, naming the command: "rm deletes files: `rm -rf /x` (line 1)".
  std::vector<std::string> destructive;
  // Every simple command as it will run, normalised, in order (including those inside
  // $(...), <(...), bash -c text, conditions and loops).
  std::vector<std::string> commands;
  bool read_only() const { return parsed && unproven.empty(); }
};

// `env`: the values the script's environment will hold (runbook placeholders are passed as
// environment variables and referenced as "$NAME" / "${NAME}"); an expansion of a name in
// `env` is judged as that literal value unless the script assigns the name itself.
ShellJudgement judge_shell(std::string_view script, const std::map<std::string, std::string>& env,
                           const DestructivePatterns& patterns);

}  // namespace opsdeck::app::runbook
