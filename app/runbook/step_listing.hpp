#pragma once
// How steps are shown headless: the `--list --output json` objects and the human table.
// Pure functions.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "app/runbook/progress_store.hpp"
#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

// {index, line, block, section, section_path, lang, kind, runnable, where, ssh_host?,
//  ssh_command?, ssm_target?, follow, choice_group, vars, destructive, destructive_reasons,
//  forbidden_by_runbook, rules, description, context?, code, script, status?}
nlohmann::json step_to_json(const Step& step, const StepProgress* progress);

// A table: # LINE KIND WHERE ! MARK STATUS SECTION FIRST-LINE, where WHERE names the ssh host
// or SSM target a host step goes through and MARK says FOLLOW (never ends by itself) and
// ALTn (one of the alternatives of group n); an inline-code step is followed by its list
// item, a forbidden step by the rule it breaks. Then the checklist and the rules.
std::string steps_table(const Runbook& rb, const RunbookProgress& progress);

// The status to show: "" (never run), "done", "failed", "interrupted" (was running when
// opsdeck stopped), or "changed" (ran, but the step's code has changed since).
std::string shown_status(const Step& step, const StepProgress* progress);

}  // namespace opsdeck::app::runbook
