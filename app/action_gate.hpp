#pragma once
// The ONE gate every action passes through: runbook steps (every target, headless and
// console), console actions, shells (SSH and SSM), `ssm run|session|forward|exec`,
// deploys and port forwards. It judges; it never runs anything and never draws.
//
// judge() answers with a value, and every front end draws that one answer:
//  1. proven read-only (nothing it runs can change anything): Allowed — in every mode,
//     audited as read-only by the caller.
//  2. --readonly: anything not proven read-only is Refused (exit 5).
//  3. production: a destructive change needs the environment name TYPED (--yes never
//     passes); any other change needs yes/no (headless --yes answers it).
//  4. elsewhere: a destructive change needs yes/no (or --yes); other changes are Allowed.
// check() = judge() + asking through a Confirmer on the calling thread, for the
// headless CLI (the terminal) and tests; the console draws the answer as its dialog and
// passes the typed text to resolve().

#include <string>
#include <vector>

namespace opsdeck::app {

struct GatePolicy {
  bool readonly = false;
  bool production = false;
  std::string environment;  // the name the operator must type in production
  bool assume_yes = false;  // --yes: answers yes/no questions, never a typed name
};

struct GateRequest {
  std::string action;  // "run step 4 of deploy.md", "open an SSH shell", "deploy clinic-api"
  std::string target;  // "local shell", "ssm:i-0abc", "service clinic-api"
  bool changes_something = true;   // false only when PROVEN read-only
  std::string why_not_read_only;   // shown when refused under --readonly
  bool destructive = false;
  std::vector<std::string> reasons;  // why it is destructive, shown to the operator
  std::vector<std::string> details;  // more lines to show in the question (the command)
};

enum class GateVerdict {
  Allowed,         // run it
  Refused,         // never (read-only mode, or no way to ask): exit 5
  NeedsYesNo,      // ask y/N (--yes answers it)
  NeedsTypedName,  // ask for the environment name to be typed
  Declined,        // asked, and the operator did not confirm
};

struct GateDecision {
  GateVerdict verdict = GateVerdict::Refused;
  std::string message;               // why refused / the question / how it was confirmed
  std::string typed_name;            // the name to type, for NeedsTypedName
  std::vector<std::string> lines;    // what to show with the question (action, reasons)
  bool read_only = false;            // allowed because proven read-only (audit marks it)
  bool allowed() const { return verdict == GateVerdict::Allowed; }
  bool needs_answer() const {
    return verdict == GateVerdict::NeedsYesNo || verdict == GateVerdict::NeedsTypedName;
  }
};

// Asks the operator. Called on the thread that calls ActionGate::check().
class Confirmer {
 public:
  virtual ~Confirmer() = default;
  virtual bool interactive() const = 0;
  // Shows `question` (and `details`, one per line) and returns the typed answer.
  virtual std::string ask(const std::string& question, const std::vector<std::string>& details) = 0;
};

// Uses the controlling terminal (stderr for the question, stdin for the answer) when
// both stdin and stderr are terminals; never interactive otherwise. Details are shown
// neutralised (no escape sequence reaches the terminal).
class TerminalConfirmer : public Confirmer {
 public:
  bool interactive() const override;
  std::string ask(const std::string& question, const std::vector<std::string>& details) override;
};

class ActionGate {
 public:
  ActionGate(GatePolicy policy, Confirmer* confirmer) : policy_(std::move(policy)), confirmer_(confirmer) {}

  // The answer, without asking anyone. Pure.
  GateDecision judge(const GateRequest& request) const;
  // judge(), then --yes or the confirmer answers a question (Refused when nobody can).
  GateDecision check(const GateRequest& request) const;
  // A question's answer as typed by the operator (the console's dialog): Allowed or Declined.
  GateDecision resolve(const GateDecision& question, const std::string& answer) const;

  const GatePolicy& policy() const { return policy_; }

 private:
  GatePolicy policy_;
  Confirmer* confirmer_;  // not owned; may be null (never interactive)
};

}  // namespace opsdeck::app
