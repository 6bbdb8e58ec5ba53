// RunbookScreen: what a step would do before it runs — its target, its values, its plan
// (filled, judged, cached) and the guard that applies now. The screen's keys, jobs and
// drawing are in runbook_screen.cpp.

#include <fmt/format.h>

#include <filesystem>

#include "app/action_audit.hpp"
#include "app/console/runbook_step_job.hpp"
#include "app/console/screens/runbook_screen.hpp"
#include "app/redactor.hpp"
#include "app/runbook/step_destination.hpp"
#include "app/runbook/variable_resolver.hpp"

namespace opsdeck::app {

std::string RunbookScreen::target_for(const runbook::Step& s) const {
  auto chosen = step_targets_.find(s.index);
  std::string spec = chosen != step_targets_.end() ? chosen->second : target_chosen_ ? target_ : "";
  auto d = runbook::step_destination(s, spec, values_for(s, nullptr));
  return d.ok() ? d->target : "";
}

std::map<std::string, std::string> RunbookScreen::values_for(const runbook::Step& s,
                                                             std::set<std::string>* unanswered) const {
  runbook::VariableSources src;
  auto& answers = (*ctx_.answers)[rb_->path];
  src.cli = answers;
  src.config_env = ctx_.config_env;
  src.config_all = ctx_.config_all;
  src.remembered = saved_.vars;
  runbook::ResolvedVariables r = runbook::resolve_variables(s, src);
  if (unanswered) {
    // A step that runs here gets AWS_REGION, AWS_PROFILE, ... from the session
    // (step_plan.hpp): those are not asked.
    auto chosen = step_targets_.find(s.index);
    std::string spec = chosen != step_targets_.end() ? chosen->second : target_chosen_ ? target_ : "";
    bool here = s.where == runbook::StepWhere::Local || spec == "local";
    for (const auto& v : s.vars)
      if (!answers.count(v) && !(here && ctx_.aws_env.set.count(v))) unanswered->insert(v);
  }
  return r.values;
}

aws::Result<runbook::StepPlan> RunbookScreen::plan_for(int index,
                                                      const std::map<std::string, std::string>& values) const {
  auto cached = plans_.find(index);
  const std::string target = target_for(step(index));
  if (cached != plans_.end() && cached->second.values == values && cached->second.target == target)
    return cached->second.plan;
  runbook::StepPlanInput input;
  input.step = &step(index);
  input.values = values;
  input.patterns = ctx_.patterns.get();
  input.rules = &rb_->rules;
  input.aws_env = target == "local" ? ctx_.aws_env : runbook::StepEnvironment{};
  input.secret_names = ctx_.secret_names;
  input.runbook = std::filesystem::path(rb_->path).filename().string();
  auto plan = runbook::plan_step(input);
  if (plan) plans_[index] = CachedPlan{values, target, *plan};
  return plan;
}

void RunbookScreen::audit_declined(int index) const {
  const runbook::Step& s = step(index);
  auto plan = plan_for(index, values_for(s, nullptr));
  AuditRecord r;
  r.caller_arn = ctx_.caller_arn ? ctx_.caller_arn() : "";
  r.profile = ctx_.profile;
  r.region = ctx_.region;
  r.environment = policy().environment;
  r.action = "runbook.step";
  r.target = target_for(s);
  r.command = plan ? plan->user_script : s.script;
  r.runbook = rb_->path;
  r.step = index;
  Redactor redactor;
  if (plan)
    for (const auto& secret : plan->secrets) redactor.add_secret(secret);
  r.command = redactor.redact(r.command);
  GateDecision declined;
  declined.message = "not confirmed in the console's dialog";
  AuditLog log(ctx_.audit_path);
  ActionAudit(log, std::move(r)).refused(declined);
}

GatePolicy RunbookScreen::policy() const {
  GatePolicy p{ctx_.readonly, ctx_.production, ctx_.environment, false};
  if (ctx_.guard_scope) {
    if (auto scope = ctx_.guard_scope(); scope.ok()) {
      p.production = scope->production;
      p.environment = scope->environment;
    } else {
      p.readonly = true;  // the account does not match: nothing that changes anything runs
    }
  }
  return p;
}

GateDecision RunbookScreen::judge(const runbook::StepPlan& plan) const {
  ActionGate gate(policy(), nullptr);
  GateRequest req = plan.request;
  req.target = describe_target_spec(target_for(step(plan.step)));
  GateDecision d = gate.judge(req);
  if (ctx_.guard_scope && d.verdict == GateVerdict::Refused)
    if (auto scope = ctx_.guard_scope(); !scope.ok()) d.message = scope.error().describe();
  return d;
}

std::string RunbookScreen::plan_text(int index) const {
  if (index < 1 || index > static_cast<int>(rb_->steps.size())) return "";
  const runbook::Step& s = step(index);
  std::set<std::string> unanswered;
  auto values = values_for(s, &unanswered);
  std::string head = fmt::format("Step {} of {} (line {}, section \"{}\")\n", index, std::filesystem::path(rb_->path).filename().string(),
                                 s.line, s.section);
  if (!s.runnable())
    return head + "Environment: " + ctx_.environment + (ctx_.production ? " (PRODUCTION)" : "") + "\n" +
           "Not run: this block is " +
           (s.kind == runbook::StepKind::Script ? "a script body" : "file content") + "\n" + s.code;
  std::string out;
  if (target_for(s).empty())
    out += "  ! this step belongs on the server: press t to choose ssm:ID / ssh:HOST / ecs:..."
           " (or t local to run it here anyway)\n";
  if (s.follow) out += "Follows output until stopped: x stops it (reported as stopped, not failed)\n";
  if (s.choice_group != 0) out += "One of several alternatives: run the one that fits, not all of them\n";
  if (!unanswered.empty()) {
    out += "Asked when run:";
    for (const auto& v : s.vars)
      if (unanswered.count(v)) out += " " + v;
    out += "\n";
    for (const auto& v : unanswered)
      if (!values.count(v)) values[v] = "";  // a stand-in, so the plan can be shown
  }
  auto plan = plan_for(index, values);
  if (!plan) return head + out + "Cannot run: " + plan.error().describe() + "\n" + s.code;
  GatePolicy now = policy();
  runbook::PlanHeader header{std::filesystem::path(rb_->path).filename().string(), s.line, s.section, now.environment, now.production,
                             describe_target_spec(target_for(s))};
  return runbook::render_plan(*plan, header, judge(*plan)) + out;
}

}  // namespace opsdeck::app
