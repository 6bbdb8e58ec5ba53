#include "app/runbook/step_plan.hpp"

#include <algorithm>

#include "app/runbook/safety_rules.hpp"
#include "app/runbook/script_filler.hpp"
#include "app/secret_names.hpp"

namespace opsdeck::app::runbook {

namespace {

void add_unique(std::vector<std::string>& to, const std::string& s) {
  if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

std::string fail_fast_preamble() {
  // One line, so the ERR trap can count the step's own lines from the next one.
  return "if [ -n \"${BASH_VERSION:-}\" ]; then set -Eo pipefail; trap '__opsdeck_rc=$?; printf "
         "\"opsdeck: step failed at line %s: %s (exit %s)\\n\" \"$((LINENO - __opsdeck_l0))\" "
         "\"$BASH_COMMAND\" \"$__opsdeck_rc\" >&2' ERR; fi; set -eu; __opsdeck_l0=${LINENO:-0}\n";
}

aws::Result<StepPlan> plan_step(const StepPlanInput& in) {
  if (!in.step || !in.patterns) return aws::make_error(aws::ErrorKind::Internal, "plan_step without a step");
  const Step& step = *in.step;
  StepPlan plan;
  plan.step = step.index;

  // Variables the session's AWS context provides (AWS_REGION, AWS_PROFILE, ...) take the
  // session's values: a step talks to the account and region on screen.
  auto from_session = [&](const std::string& v) { return in.aws_env.set.count(v) > 0; };
  for (const auto& v : step.vars)
    if (!in.values.count(v) && !step.var_defaults.count(v) && !from_session(v))
      return aws::make_error(aws::ErrorKind::Usage, "step " + std::to_string(step.index) + " needs a value for " + v,
                             "pass --var " + v + "=VALUE, or set it in the config");
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> aws_values;  // $AWS_* placeholders the session does not set
  for (const auto& [k, v] : in.values) {
    if (std::find(step.vars.begin(), step.vars.end(), k) == step.vars.end() || from_session(k)) continue;
    (k.starts_with("AWS_") ? aws_values : values)[k] = v;
  }

  auto filled = fill_script(step.script, values);
  if (!filled) return filled.error();
  plan.user_script = filled->script;

  // Environment: the session's AWS context first; placeholder values win over nothing
  // else (their names never collide with AWS_*: the filler renames those).
  plan.env = in.aws_env;
  for (const auto& [name, value] : aws_values) plan.env.set[name] = value;
  for (const auto& [name, value] : filled->env) plan.env.set[name] = value;
  for (const auto& [var, value] : values) {
    auto en = filled->env_name.find(var);
    std::string env_name = en == filled->env_name.end() ? var : en->second;
    bool secret = is_secret_name(var, in.secret_names) || is_secret_name(env_name, in.secret_names);
    if (secret) {
      plan.secrets.push_back(value);
      plan.shown_vars.push_back(var + "=*** (as $" + env_name + ")");
    } else {
      plan.remember[var] = value;
      plan.shown_vars.push_back(var + "=" + value + (env_name == var ? "" : " (as $" + env_name + ")"));
    }
  }

  // Judged on what will run: the filled script with the values it will see.
  plan.judgement = judge_shell(plan.user_script, filled->env, *in.patterns);
  for (const auto& r : step.destructive_reasons) add_unique(plan.destructive_reasons, r);
  for (const auto& r : plan.judgement.destructive) add_unique(plan.destructive_reasons, r);
  if (in.rules) {
    std::string normalised = joined(plan.judgement.commands);
    for (const auto& rule : *in.rules)
      if (rule_matches(rule, step.code) || rule_matches(rule, plan.user_script) ||
          rule_matches(rule, normalised)) {
        add_unique(plan.rules, rule.text);
        add_unique(plan.destructive_reasons, "the runbook forbids it: \"" + rule.text + "\"");
      }
  }

  plan.errexit = step.code.find(kNoErrexitMarker) == std::string::npos &&
                 step.description.find(kNoErrexitMarker) == std::string::npos;
  plan.script = (plan.errexit ? fail_fast_preamble() : std::string()) + plan.user_script;

  GateRequest& req = plan.request;
  req.action = "step " + std::to_string(step.index) + (in.runbook.empty() ? "" : " of " + in.runbook);
  req.changes_something = !plan.judgement.read_only();
  req.why_not_read_only = plan.judgement.unproven;
  req.destructive = !plan.destructive_reasons.empty();
  req.reasons = plan.destructive_reasons;
  return plan;
}

std::string describe_guard(const GateDecision& d) {
  switch (d.verdict) {
    case GateVerdict::Allowed:
      return d.read_only ? "none (proven read-only)" : "none";
    case GateVerdict::Refused:
      return d.message;
    case GateVerdict::NeedsYesNo:
      return "y/N confirmation (--yes answers it)";
    case GateVerdict::NeedsTypedName:
      return "type the environment name '" + d.typed_name + "' to confirm (--yes is not enough)";
    case GateVerdict::Declined:
      return "declined";
  }
  return "";
}

std::string render_plan(const StepPlan& plan, const PlanHeader& h, const GateDecision& judged) {
  std::string out = "Step " + std::to_string(plan.step) + " of " + h.runbook + " (line " + std::to_string(h.line) +
                    ", section \"" + h.section + "\")\n";
  out += "Environment: " + h.environment + (h.production ? " (PRODUCTION)" : "") + "\n";
  out += "Target: " + h.target + "\n";
  std::string aws;
  for (const char* k : {"AWS_PROFILE", "AWS_REGION", "AWS_ENDPOINT_URL"})
    if (auto it = plan.env.set.find(k); it != plan.env.set.end()) aws += std::string(aws.empty() ? "" : " ") + k + "=" + it->second;
  if (plan.env.set.count("AWS_ACCESS_KEY_ID")) aws += std::string(aws.empty() ? "" : " ") + "(session credentials)";
  if (!aws.empty()) out += "AWS context: " + aws + "\n";
  if (!plan.shown_vars.empty()) {
    out += "Variables:";
    for (const auto& v : plan.shown_vars) out += " " + v;
    out += "\n";
  }
  out += std::string("Runs with: ") +
         (plan.errexit ? "set -euo pipefail (stops at the first failing command and names it)"
                       : "no fail-fast (the step says opsdeck: no-errexit): its status is the last command's") +
         "\n";
  out += std::string("Changes something: ") +
         (plan.request.changes_something ? "yes" : "no (proven read-only)") +
         (plan.request.destructive ? ", DESTRUCTIVE" : "") + "\n";
  if (plan.request.changes_something && !plan.judgement.unproven.empty())
    out += "  not read-only: " + plan.judgement.unproven + "\n";
  for (const auto& r : plan.destructive_reasons) out += "  ! " + r + "\n";
  out += "Guard: " + describe_guard(judged) + "\n";
  out += "Will run:\n" + plan.user_script;
  if (!plan.user_script.ends_with("\n")) out += "\n";
  return out;
}

}  // namespace opsdeck::app::runbook
