#pragma once
// Runs one planned runbook step (step_plan.hpp) through the guard rails, in this order:
//   action gate (read-only / production / destructive)  ->  audit "start" (fsync'd; if it
//   cannot be written, nothing runs)  ->  progress "running" (atomic)  ->  target.execute()
//   streaming output  ->  audit "end" (fsync'd)  ->  progress "done"/"failed"  ->  result.
// Every executed step is audited, proven read-only ones too (marked "read_only"); a
// refused or declined step is audited as "refused". An action is never reported done
// before its audit line is on disk, and a crash mid-step leaves "running" in the progress
// file (shown as "interrupted") and a start line without an end in the audit log.
//
// Used by the headless `opsdeck runbook --step` and the console's Runbooks view.
// Threading: run() blocks the calling thread; output callbacks run on it (StepTarget).
// Owns nothing: the gate, log, store and target outlive the call.

#include <atomic>
#include <map>
#include <string>

#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/redactor.hpp"
#include "app/runbook/progress_store.hpp"
#include "app/runbook/step.hpp"
#include "app/runbook/step_plan.hpp"
#include "app/runbook/step_target.hpp"

namespace opsdeck::app::runbook {

struct RunScope {
  std::string runbook_path;
  std::string environment;
  std::string profile;
  std::string region;
  std::string caller_arn;  // when known
};

enum class StepRunStatus { Done, Failed, Refused, Error };

struct StepRunResult {
  StepRunStatus status = StepRunStatus::Error;
  int exit_code = 0;
  std::chrono::milliseconds duration{0};
  std::string message;  // for the operator: why refused, what failed
};

class RunbookRunner {
 public:
  RunbookRunner(const ActionGate& gate, const AuditLog& audit, const ProgressStore& store, RunScope scope)
      : gate_(gate), audit_(audit), store_(store), scope_(std::move(scope)) {}

  // `plan` comes from plan_step() for `step`; its non-secret values are remembered.
  StepRunResult run(const Step& step, const StepPlan& plan, StepTarget& target, const Redactor& redactor,
                    const OutputCallback& on_output, const std::atomic<bool>* cancel);

 private:
  AuditRecord record(const Step& step, const StepPlan& plan, const StepTarget& target,
                     const Redactor& redactor) const;

  const ActionGate& gate_;
  const AuditLog& audit_;
  const ProgressStore& store_;
  RunScope scope_;
};

}  // namespace opsdeck::app::runbook
