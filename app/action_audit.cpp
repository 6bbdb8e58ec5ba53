#include "app/action_audit.hpp"

namespace opsdeck::app {

void ActionAudit::refused(const GateDecision& decision) const {
  AuditRecord r = base_;
  r.phase = "refused";
  r.result = decision.message.empty() ? "refused" : decision.message;
  (void)log_.append(std::move(r));
}

aws::Result<void> ActionAudit::start(const GateDecision& decision) {
  base_.read_only = decision.read_only;
  base_.guard = decision.read_only ? "read-only" : decision.message.empty() ? "allowed" : decision.message;
  AuditRecord r = base_;
  r.phase = "start";
  return log_.append(std::move(r));
}

aws::Result<void> ActionAudit::end(const std::string& result, std::optional<int> exit_status,
                                   std::optional<long long> duration_ms) const {
  AuditRecord r = base_;
  r.phase = "end";
  r.result = result;
  r.exit_status = exit_status;
  r.duration_ms = duration_ms;
  return log_.append(std::move(r));
}

std::string audit_refusal_message(const aws::Error& error) {
  return "not run: the audit record could not be written (" + error.describe() +
         "); opsdeck runs nothing it cannot audit";
}

}  // namespace opsdeck::app
