#pragma once
// Placeholders in a step and filling them in.
//
// find_variables() reports every placeholder an operator must fill, named as written
// between its delimiters, in order of first appearance (variable_scan.cpp):
//   <x> <X_Y> <lower_snake> <kebab-case> <path/to/file>   angle brackets, any case; a lone
//       lower-case word is not one when it is an HTML tag (<title>) or the text holds a
//       closing tag (markup)                         `docker logs <container_id>` -> container_id
//   YOUR_X, X_HERE, your-x / your_x                   anywhere, quoted or not, also in file
//                                                     contents  `ec2-user@YOUR_ELASTIC_IP`
//   {x}                                               `/ecs/clickit-{env}-api` -> env; not
//       bash's {a,b} / {1..3} / {}, not ${x} %{x} {{x}}, not inside awk/jq/sed programs
//   $X ${X} ${X:-default} (and -, :=, =, :?, ? forms) shell variables; the default is kept
//   ALL_CAPS words                                    `git checkout COMMIT_HASH`, `psql -h
//       DB_HOST`, `kill PID`, `Values=INSTANCE_NAME`, `arn:…:ACCOUNT_ID:…`, a "JOB_ID"
//       JSON value in a quoted payload — standing alone or after = , : @ . ( [ //, unquoted
//       or in "…" that is not prose or SQL; never a KEY= name, a path component, an option
//       (`-SIGTERM`), an argument of grep/sed/awk/jq/echo/printf/printenv/export/redis-cli,
//       a word commands expect (GET HTTP JSON UTC SIGTERM ERROR CNAME STOPPED SELECT …,
//       placeholder_words.hpp), an environment name tools read (AWS_REGION NODE_ENV …),
//       or a name the block assigns anywhere.
// Not placeholders: variables the block assigns before using them (FOO=1, export FOO,
// read FOO, for FOO in, local/declare/readonly FOO), shell specials ($1 $? $@ $# $$ $! $0
// $*), `$` inside single quotes or quoted here-documents, comments, and the ordinary
// environment of a login shell (HOME PATH USER …), which bash fills itself. In content
// blocks (nginx `$host`, JSON) only the angle and YOUR_X / X_HERE forms count.
//
// Filling them in is script_filler.hpp's (values never become syntax).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/secret_names.hpp"

namespace opsdeck::app::runbook {

struct VariableScan {
  std::vector<std::string> names;               // in order of first use
  std::map<std::string, std::string> defaults;  // ${VAR:-default}
};

VariableScan find_variables(std::string_view code, bool shell);

// Names whose values are never written to disk or shown: app/secret_names.hpp.
using opsdeck::app::is_secret_name;

// 'value' quoted for bash (single quotes, ' as '\'').
std::string shell_quote(std::string_view value);

}  // namespace opsdeck::app::runbook
