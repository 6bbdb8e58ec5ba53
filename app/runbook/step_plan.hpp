#pragma once
// One runbook step made ready to run — the same for the headless CLI and the console:
//   values placed, never pasted (script_filler.hpp: the script references "$NAME", the
//   values travel in the environment) -> the filled script judged on what will run
//   (shell_judge.hpp: proven read-only? destructive, and why? which runbook rule?) ->
//   the fail-fast wrapper -> the environment (placeholder values + the session's AWS
//   context) -> the gate request built from all of it.
// render_plan() is what the operator reads before it runs: secrets appear as $NAME,
// never as values, and the caller neutralises the text for the terminal.
//
// Pure apart from the shell parser's child process (shfmt): plan_step() blocks the
// calling thread for ~50 ms. The plan owns copies of everything it needs.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/action_gate.hpp"
#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/shell_judge.hpp"
#include "app/runbook/step.hpp"
#include "app/runbook/step_target.hpp"
#include "aws/result.hpp"

namespace opsdeck::app::runbook {

struct StepPlanInput {
  const Step* step = nullptr;
  std::map<std::string, std::string> values;   // every variable the step uses
  const DestructivePatterns* patterns = nullptr;
  const std::vector<SafetyRule>* rules = nullptr;  // the runbook's own safety rules
  StepEnvironment aws_env;                     // the session's AWS context (step_aws_env.hpp)
  std::vector<std::string> secret_names;       // extra names the config calls secret
  std::string runbook;                         // for the gate's action text
};

struct StepPlan {
  int step = 0;
  std::string user_script;  // the filled script as written (values referenced, not pasted)
  std::string script;       // what runs: the fail-fast preamble, then user_script
  bool errexit = true;      // false when the step opts out (`# opsdeck: no-errexit`)
  StepEnvironment env;      // AWS context + placeholder values
  std::vector<std::string> shown_vars;  // "ZONE_ID=Z123", "DB_PASSWORD=*** ($DB_PASSWORD)"
  std::vector<std::string> secrets;     // secret values, for the output redactor
  std::map<std::string, std::string> remember;  // non-secret values that may be saved
  ShellJudgement judgement;
  std::vector<std::string> destructive_reasons;  // the loader's, the judge's and the rules'
  std::vector<std::string> rules;                // text of each runbook rule that matched
  GateRequest request;
};

// Usage error naming the variable when a value cannot be placed exactly, or a variable
// has no value.
aws::Result<StepPlan> plan_step(const StepPlanInput& input);

// The plan text: step, environment, target, fail-fast note, AWS context, variables,
// read-only/destructive judgement with reasons and rules, the guard, and the script.
struct PlanHeader {
  std::string runbook;
  int line = 0;
  std::string section;
  std::string environment;
  bool production = false;
  std::string target;  // StepTarget::describe() or describe_target_spec()
};
std::string render_plan(const StepPlan& plan, const PlanHeader& header, const GateDecision& judged);

// One line for the guard that applies: "none (proven read-only)", "refused (--readonly): …",
// "y/N confirmation", "type the environment name 'prod'", "none".
std::string describe_guard(const GateDecision& judged);

// The marker a step (its code or the prose before it) uses to run without fail-fast.
constexpr std::string_view kNoErrexitMarker = "opsdeck: no-errexit";

// The one-line preamble that makes a step stop at its first failing command and name it:
// bash gets `set -Eeuo pipefail` and an ERR trap printing "opsdeck: step failed at line
// N: COMMAND (exit S)" to stderr; other shells get `set -eu`.
std::string fail_fast_preamble();

}  // namespace opsdeck::app::runbook
