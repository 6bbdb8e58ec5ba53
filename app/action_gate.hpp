#pragma once
// The ONE gate every action that changes anything passes through (runbook steps now;
// instance actions, deploys, scaling and parameter updates from the console later).
//
// Rules, in order:
//  1. --readonly: anything that changes something is refused (exit 5), whatever else.
//  2. destructive (built-in patterns, config patterns, or the runbook's own rules) in a
//     production environment: the operator must TYPE the environment name. --yes alone
//     never passes; without a terminal it is refused.
//  3. destructive elsewhere: --yes, or an interactive y/N.
//  4. other changes: allowed (running a step by number is already a request).
// The gate decides; it never runs anything. Confirmations are asked through a
// Confirmer on the caller's thread (the headless CLI uses the terminal; the console
// will answer with its confirm dialog).

#include <string>
#include <vector>

namespace opsdeck::app {

struct GatePolicy {
  bool readonly = false;
  bool production = false;
  std::string environment;  // the name the operator must type in production
  bool assume_yes = false;  // --yes
};

struct GateRequest {
  std::string action;   // "run step 4 of deploy.md"
  std::string target;   // "local shell", "ssm:i-0abc"
  bool changes_something = true;
  bool destructive = false;
  std::vector<std::string> reasons;  // why it is destructive, shown to the operator
};

enum class GateVerdict { Allowed, Refused, Declined };

struct GateDecision {
  GateVerdict verdict = GateVerdict::Refused;
  std::string message;  // why (empty when allowed without a question)
  bool allowed() const { return verdict == GateVerdict::Allowed; }
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
// both stdin and stderr are terminals; never interactive otherwise.
class TerminalConfirmer : public Confirmer {
 public:
  bool interactive() const override;
  std::string ask(const std::string& question, const std::vector<std::string>& details) override;
};

class ActionGate {
 public:
  ActionGate(GatePolicy policy, Confirmer* confirmer) : policy_(std::move(policy)), confirmer_(confirmer) {}
  GateDecision check(const GateRequest& request) const;
  const GatePolicy& policy() const { return policy_; }

 private:
  GatePolicy policy_;
  Confirmer* confirmer_;  // not owned; may be null (never interactive)
};

}  // namespace opsdeck::app
