#pragma once
// The audit records of one gated action, written around it: "refused" when the gate said
// no, "start" BEFORE it runs (with how the gate allowed it, read-only included), "end"
// after. start() failing means the action must not run: no audit record, no run — in the
// console as headless.
//
// Holds a copy of the base record (who, where, what — the command already redacted) and
// a reference to the log, which must outlive it. Used on one thread at a time.

#include <optional>
#include <string>

#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

class ActionAudit {
 public:
  ActionAudit(const AuditLog& log, AuditRecord base) : log_(log), base_(std::move(base)) {}

  // Records a refusal or a declined confirmation; best effort (nothing ran).
  void refused(const GateDecision& decision) const;
  // Records the start; an error means: do not run, tell the operator why.
  aws::Result<void> start(const GateDecision& decision);
  // Records the end: "done", "failed", "cancelled", "error: ...".
  aws::Result<void> end(const std::string& result, std::optional<int> exit_status = std::nullopt,
                        std::optional<long long> duration_ms = std::nullopt) const;

 private:
  const AuditLog& log_;
  AuditRecord base_;
};

// "not run: the audit record could not be written (…)": the message for start() errors.
std::string audit_refusal_message(const aws::Error& error);

}  // namespace opsdeck::app
