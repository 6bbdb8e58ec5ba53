#include "app/runbook/runbook_runner.hpp"

#include "app/action_audit.hpp"
#include "app/secret_names.hpp"

namespace opsdeck::app::runbook {

AuditRecord RunbookRunner::record(const Step& step, const StepPlan& plan, const StepTarget& target,
                                  const Redactor& redactor) const {
  AuditRecord r;
  r.caller_arn = scope_.caller_arn;
  r.profile = scope_.profile;
  r.region = scope_.region;
  r.environment = scope_.environment;
  r.action = "runbook.step";
  r.target = target.name();
  std::string command = plan.user_script;
  for (const auto& v : plan.shown_vars) command += "\n# with " + v;
  r.command = redactor.redact(command);
  r.runbook = scope_.runbook_path;
  r.step = step.index;
  return r;
}

StepRunResult RunbookRunner::run(const Step& step, const StepPlan& plan, StepTarget& target,
                                 const Redactor& redactor, const OutputCallback& on_output,
                                 const std::atomic<bool>* cancel) {
  StepRunResult res;
  GateRequest req = plan.request;
  req.target = target.describe();
  ActionAudit audit(audit_, record(step, plan, target, redactor));
  GateDecision d = gate_.check(req);
  if (!d.allowed()) {
    audit.refused(d);
    res.status = StepRunStatus::Refused;
    res.message = d.message;
    return res;
  }
  if (auto a = audit.start(d); !a.ok()) {
    res.message = audit_refusal_message(a.error());
    return res;
  }

  auto progress = store_.load();
  RunbookProgress p = progress.ok() ? *progress : RunbookProgress{};
  for (const auto& [k, v] : plan.remember) p.vars[k] = v;
  StepProgress& sp = p.steps[step.index];
  sp = StepProgress{"running", 0, 0, AuditLog::now_iso8601(), ProgressStore::hash_code(step.code)};
  if (auto s = store_.save(p); !s.ok()) res.message = "warning: " + s.error().describe();

  auto outcome = target.execute(plan.script, plan.env, on_output, cancel);
  if (!outcome.ok()) {
    (void)audit.end("error: " + outcome.error().describe());
    sp.status = "failed";
    sp.exit_code = -1;
    (void)store_.save(p);
    res.message = outcome.error().describe();
    return res;
  }
  res.exit_code = outcome->exit_code;
  res.duration = outcome->duration;
  // A following step (tail -f, journalctl -f, watch) ends when the operator stops it.
  const bool stopped = step.follow && outcome->cancelled;
  res.status = (outcome->exit_code == 0 && !outcome->cancelled) || stopped ? StepRunStatus::Done : StepRunStatus::Failed;
  std::string result = stopped ? "stopped" : outcome->cancelled ? "cancelled"
                                           : res.status == StepRunStatus::Done ? "done" : "failed";
  if (stopped) res.message = "stopped by the operator";
  if (auto a = audit.end(result, outcome->exit_code, outcome->duration.count()); !a.ok())
    res.message = "warning: " + a.error().describe();
  sp.status = res.status == StepRunStatus::Done ? "done" : "failed";
  sp.exit_code = outcome->exit_code;
  sp.duration_ms = outcome->duration.count();
  sp.finished_at = AuditLog::now_iso8601();
  if (auto s = store_.save(p); !s.ok()) res.message = "warning: " + s.error().describe();
  return res;
}

}  // namespace opsdeck::app::runbook
