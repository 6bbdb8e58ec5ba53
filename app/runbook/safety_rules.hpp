#pragma once
// Reads a runbook's own safety rules out of its prose:
//   "Never run `rake db:reset` in production."      -> forbids `rake db:reset`
//   "NEVER run db:seed against prod"                -> forbids `db:seed`
//   "Do not run `terraform destroy` on prod"        -> forbids `terraform destroy`
// and warnings that belong to the step next to them:
//   "Only on fresh instances — this wipes the database."
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
