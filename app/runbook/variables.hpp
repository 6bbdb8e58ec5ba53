#pragma once
// Placeholders in a step and filling them in.
//
// Recognised: `<UPPER_SNAKE>`, `<kebab-case>` (at least one '-'), and in shell steps
// `$VAR`, `${VAR}`, `${VAR:-default}` (and `-`, `:=`, `=`, `:?`, `?` forms), plus a bare
// UPPER_SNAKE word given as an option's value (`--tasks TASK_ARN`).
// Not placeholders: variables the block assigns before using them (FOO=1, export FOO,
// read FOO, for FOO in, local/declare/readonly FOO), shell specials ($1 $? $@ $# $$ $! $0
// $*), `$` inside single quotes or quoted here-documents, comments, and the ordinary
// environment of a login shell (HOME PATH USER SHELL PWD TERM LANG TMPDIR HOSTNAME UID
// ...), which bash fills itself. In content blocks (nginx `$host`, JSON) only the angle
// forms count: `$x` there belongs to the file's own language.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

struct VariableScan {
  std::vector<std::string> names;               // in order of first use
  std::map<std::string, std::string> defaults;  // ${VAR:-default}
};

VariableScan find_variables(std::string_view code, bool shell);

// True for names that must never be written to disk or shown: PASSWORD, SECRET, TOKEN,
// KEY anywhere in the name, any case.
bool is_secret_name(std::string_view name);

// The script that runs: `export NAME='value'` lines for the shell variables that have
// values, then the code with <angle> placeholders and bare option placeholders replaced
// by their values (quoted for the shell context they sit in).
std::string fill_variables(std::string_view code, const std::map<std::string, std::string>& values,
                           bool shell);

// 'value' quoted for bash (single quotes, ' as '\'').
std::string shell_quote(std::string_view value);

}  // namespace opsdeck::app::runbook
