#pragma once
// How steps are shown headless: the `--list --output json` objects and the human table.
// Pure functions.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "app/runbook/progress_store.hpp"
#include "app/runbook/step.hpp"

namespace opsdeck::app::runbook {

// {index, line, section, section_path, lang, kind, runnable, where, vars, destructive,
//  destructive_reasons, forbidden_by_runbook, description, code, status?}
nlohmann::json step_to_json(const Step& step, const StepProgress* progress);

// A table: # LINE KIND WHERE ! STATUS SECTION FIRST-LINE, then the checklist and rules.
std::string steps_table(const Runbook& rb, const RunbookProgress& progress);

// The status to show: "" (never run), "done", "failed", "interrupted" (was running when
// opsdeck stopped), or "changed" (ran, but the step's code has changed since).
std::string shown_status(const Step& step, const StepProgress* progress);

}  // namespace opsdeck::app::runbook
