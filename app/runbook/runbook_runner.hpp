#pragma once
// Runs one runbook step through the guard rails, in this order:
//   action gate (read-only / destructive / production)  ->  audit "start" (fsync'd)
//   -> progress "running" (atomic)  ->  target.run() streaming output  ->  audit "end"
//   (fsync'd)  ->  progress "done"/"failed"  ->  result returned to the caller.
// So an action is never reported done before its audit line is on disk, and a crash
// mid-step leaves "running" in the progress file (shown as "interrupted") and a start
// line without an end in the audit log. A refused step is audited as "refused".
//
// Used by the headless `opsdeck runbook --step` and (later) the console's Runbooks view.
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

  // `script` is the filled-in script; `remember` holds non-secret answers to persist.
  StepRunResult run(const Step& step, const std::string& script, StepTarget& target,
                    const Redactor& redactor, const std::map<std::string, std::string>& remember,
                    const OutputCallback& on_output, const std::atomic<bool>* cancel);

 private:
  AuditRecord record(const Step& step, const std::string& script, const StepTarget& target,
                     const Redactor& redactor) const;

  const ActionGate& gate_;
  const AuditLog& audit_;
  const ProgressStore& store_;
  RunScope scope_;
};

}  // namespace opsdeck::app::runbook
