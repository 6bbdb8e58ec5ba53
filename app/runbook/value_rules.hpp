#pragma once
// What a runbook value may contain where bash does more than pass it on (arithmetic,
// variable names, strings another shell parses again, ssh destinations), and which
// environment names a value may travel under.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "app/runbook/placeholder_sites.hpp"

namespace opsdeck::app::runbook {

// Why `value` cannot be placed in context `ctx` (a sentence for the operator), or empty
// when it can.
std::string check_value(std::string_view value, const SiteContext& ctx);

// [A-Za-z_][A-Za-z0-9_]*
bool is_shell_identifier(std::string_view s);

// An integer bash reads the same in arithmetic: -?(0|[1-9][0-9]*), at most 18 digits
// (no octal 010, no hex, no overflow).
bool is_plain_integer(std::string_view s);

// Plain text no shell gives a meaning to: non-empty; ASCII letters, digits and
// _ . / : @ % + , = -; UTF-8 encoded characters from U+00A0 up that are not controls,
// spaces, invisible format or bidirectional characters.
bool is_inert_value(std::string_view s);

// The value as shown in a message: at most 40 characters, control characters escaped.
std::string shown_value(std::string_view value);

// True for names a step must not receive from a runbook value: the shell's and the
// dynamic loader's own (PATH, IFS, ENV, BASH_ENV, SHELLOPTS, PS4, PROMPT_COMMAND, CDPATH,
// GLOBIGNORE, LD_*, BASH_*), AWS_* (opsdeck sets them), OPSDECK_*, and a login shell's
// environment (HOME, USER, LANG, LC_*, XDG_*, ...).
bool is_reserved_env_name(std::string_view name);

// The environment name a textual placeholder NAME travels under when nothing in the
// script collides with it: upper snake case (`your-domain` -> YOUR_DOMAIN), or
// OPSDECK_VAR_<NAME> when that is reserved or a name common tools read from their
// environment (GIT_*, SSH_*, PYTHON*, KUBECONFIG, HTTPS_PROXY, EDITOR, ...).
std::string placeholder_env_name(std::string_view name);

// `your-domain` -> YOUR_DOMAIN: letters upper-cased, anything else but digits to '_'.
std::string upper_snake(std::string_view name);

}  // namespace opsdeck::app::runbook
