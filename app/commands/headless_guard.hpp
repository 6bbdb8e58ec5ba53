#pragma once
// The gate and the audit log for a headless command that acts on something (`opsdeck ssh`,
// `opsdeck ssm run|session|forward|exec`, `opsdeck deploy`): resolves which environment
// guards it (guard_scope.hpp: the invocation's --env, the resource's own environment, the
// account the credentials resolve to, an explicit --profile), asks at the terminal when
// the gate wants an answer (--yes answers yes/no, never a typed name), and writes the
// "refused" or "start" record. No start record, no run.
//
// Threads: blocks the calling (main) thread — one STS GetCallerIdentity when AWS
// credentials are available (once per session), and the terminal question.

#include <memory>
#include <optional>
#include <string>

#include "app/action_audit.hpp"
#include "app/action_gate.hpp"
#include "app/audit_log.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

struct HeadlessAction {
  GateRequest request;        // action, target, changes_something, destructive, reasons
  std::string audit_action;   // "ssh.exec", "ssm.session", "deploy", ...
  std::string audit_target;   // "ssh:web1", "ssm:i-0abc", "service clinic-api"
  std::string command;        // what runs, as the audit records it (redacted there again)
  std::string resource_environment;  // the resource's configured environment, or ""
  bool assume_yes = false;    // --yes
};

// Allowed: the action may run, and `audit` records its end. Otherwise `exit_code` (5 for
// refusals and declined questions, 2 for a broken config) and `message` say why.
struct HeadlessGuard {
  bool allowed = false;
  int exit_code = 0;
  std::string message;
  GateDecision decision;
  std::unique_ptr<AuditLog> log;
  std::unique_ptr<ActionAudit> audit;
  std::string environment;  // the guarding environment's name
  bool production = false;
  // The session the gate judged (the flags, else the environment's profile, region and
  // endpoint): the action runs through it, so it acts in the account that was guarded.
  // Null when none could be opened (no region, a broken ~/.aws file): `session_error` says
  // why; an action that needs AWS fails with it.
  std::shared_ptr<Session> session;
  aws::Error session_error;
};

HeadlessGuard guard_headless_action(SessionRegistry& sessions, const GlobalOptions& global,
                                    const HeadlessAction& action);

// The request for a shell command run on a host (`ssh HOST -- CMD`, `ssm run`): judged on
// its syntax tree like a runbook step (runbook/shell_judge.hpp) — proven read-only or not,
// destructive and why. Runs the shell parser (blocks ~20 ms).
GateRequest judged_command_request(std::string action, std::string target, const std::string& command);

}  // namespace opsdeck::app
