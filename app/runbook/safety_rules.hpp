#pragma once
// Reads a runbook's own safety rules out of its prose. A sentence is a rule when one of
// its clauses forbids running something:
//   "Never run `rake db:reset` in production."      -> forbids `rake db:reset`
//   "NEVER run db:seed against prod"                -> forbids `db:seed`
//   "Do not run `terraform destroy` on prod"        -> forbids `terraform destroy`
//   "`db:drop` must never be run"                   -> forbids `db:drop`
// Clauses are cut at ';', a spaced dash, ': ' and before ", use" / ", instead" / ", but",
// so only what follows the negation (never, do not, don't, must not, should not, …) and a
// verb (run, execute, use, call, invoke, type, trigger, apply) is forbidden — what the
// same sentence recommends is not: "Do not edit the schema by hand; use `deploy.sh
// migrate`" forbids nothing. A forbidden pattern must be a command or a piece of one
// (a known command, `task:name`, `./script`, `x.sh`, `--flag`, or whatever directly
// follows "run"), never a file, a value or a resource name: "keep 20% free", "do not use
// gp2 volumes", "never restore over `therapy-db`" are advice, not rules.
// Also reads the warnings that belong to the step next to them:
//   "Only on fresh instances — this wipes the database."  "This overwrites the live data."
// Pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

// Rules stated in one prose block (a paragraph or list item) starting at `line`.
std::vector<SafetyRule> find_safety_rules(std::string_view prose, int line);

// The warning sentence in `prose` that marks the step beside it as dangerous
// ("wipes", "irreversible", "only on fresh instances", "cannot be undone", ...), or "".
std::string find_step_warning(std::string_view prose);

// True when `code` contains what `rule` forbids (case-insensitive, whitespace-normalised).
bool rule_matches(const SafetyRule& rule, std::string_view code);

}  // namespace opsdeck::app::runbook
