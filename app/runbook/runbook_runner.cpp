#include "app/runbook/runbook_runner.hpp"

#include "app/runbook/read_only_commands.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {

AuditRecord RunbookRunner::record(const Step& step, const std::string& script, const StepTarget& target,
                                  const Redactor& redactor) const {
  AuditRecord r;
  r.caller_arn = scope_.caller_arn;
  r.profile = scope_.profile;
  r.region = scope_.region;
  r.environment = scope_.environment;
  r.action = "runbook.step";
  r.target = target.name();
  r.command = redactor.redact(script);
  r.runbook = scope_.runbook_path;
  r.step = step.index;
  return r;
}

StepRunResult RunbookRunner::run(const Step& step, const std::string& script, StepTarget& target,
                                 const Redactor& redactor, const std::map<std::string, std::string>& remember,
                                 const OutputCallback& on_output, const std::atomic<bool>* cancel) {
  StepRunResult res;
  GateRequest req;
  req.action = "step " + std::to_string(step.index) + " of " + scope_.runbook_path;
  req.target = target.describe();
  req.changes_something = !is_read_only_script(script);
  req.destructive = step.destructive;
  req.reasons = step.destructive_reasons;
  GateDecision d = gate_.check(req);
  if (!d.allowed()) {
    AuditRecord r = record(step, script, target, redactor);
    r.phase = "refused";
    r.result = d.message;
    (void)audit_.append(r);  // best effort: nothing ran
    res.status = StepRunStatus::Refused;
    res.message = d.message;
    return res;
  }

  auto progress = store_.load();
  RunbookProgress p = progress.ok() ? *progress : RunbookProgress{};
  for (const auto& [k, v] : remember)
    if (!is_secret_name(k)) p.vars[k] = v;

  if (req.changes_something) {
    AuditRecord r = record(step, script, target, redactor);
    r.phase = "start";
    if (auto a = audit_.append(r); !a.ok()) {
      res.message = "not run: " + a.error().describe();
      return res;
    }
  }
  StepProgress& sp = p.steps[step.index];
  sp = StepProgress{"running", 0, 0, AuditLog::now_iso8601(), ProgressStore::hash_code(step.code)};
  if (auto s = store_.save(p); !s.ok()) res.message = "warning: " + s.error().describe();

  auto outcome = target.run(script, on_output, cancel);
  if (!outcome.ok()) {
    if (req.changes_something) {
      AuditRecord r = record(step, script, target, redactor);
      r.phase = "end";
      r.result = "error: " + outcome.error().describe();
      (void)audit_.append(r);
    }
    sp.status = "failed";
    sp.exit_code = -1;
    (void)store_.save(p);
    res.message = outcome.error().describe();
    return res;
  }
  res.exit_code = outcome->exit_code;
  res.duration = outcome->duration;
  res.status = outcome->exit_code == 0 ? StepRunStatus::Done : StepRunStatus::Failed;
  if (req.changes_something) {
    AuditRecord r = record(step, script, target, redactor);
    r.phase = "end";
    r.exit_status = outcome->exit_code;
    r.duration_ms = outcome->duration.count();
    r.result = outcome->cancelled ? "cancelled" : res.status == StepRunStatus::Done ? "done" : "failed";
    if (auto a = audit_.append(r); !a.ok()) res.message = "warning: " + a.error().describe();
  }
  sp.status = res.status == StepRunStatus::Done ? "done" : "failed";
  sp.exit_code = outcome->exit_code;
  sp.duration_ms = outcome->duration.count();
  sp.finished_at = AuditLog::now_iso8601();
  if (auto s = store_.save(p); !s.ok()) res.message = "warning: " + s.error().describe();
  return res;
}

}  // namespace opsdeck::app::runbook
