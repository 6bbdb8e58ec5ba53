#include "app/action_gate.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\n')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

bool is_yes(const std::string& a) { return a == "y" || a == "Y" || a == "yes" || a == "YES" || a == "Yes"; }

}  // namespace

bool TerminalConfirmer::interactive() const { return isatty(STDIN_FILENO) && isatty(STDERR_FILENO); }

std::string TerminalConfirmer::ask(const std::string& question, const std::vector<std::string>& details) {
  for (const auto& d : details) std::fprintf(stderr, "  %s\n", ui::sanitize_plain(d).c_str());
  std::fprintf(stderr, "%s ", ui::sanitize_plain(question).c_str());
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) return {};
  return answer;
}

GateDecision ActionGate::judge(const GateRequest& r) const {
  GateDecision d;
  d.lines.push_back(r.action + (r.target.empty() ? "" : " on " + r.target));
  for (const auto& line : r.details) d.lines.push_back(line);
  for (const auto& why : r.reasons) d.lines.push_back("destructive: " + why);
  if (!r.changes_something) {
    d.verdict = GateVerdict::Allowed;
    d.read_only = true;
    return d;
  }
  if (policy_.readonly) {
    d.verdict = GateVerdict::Refused;
    d.message = "refused: read-only mode, and " + r.action + " is not proven read-only" +
                (r.why_not_read_only.empty() ? "" : " (" + r.why_not_read_only + ")");
    return d;
  }
  if (policy_.production && r.destructive) {
    d.verdict = GateVerdict::NeedsTypedName;
    d.typed_name = policy_.environment;
    d.message = "PRODUCTION (" + policy_.environment + "), destructive: type the environment name to continue:";
    return d;
  }
  if (policy_.production) {
    d.verdict = GateVerdict::NeedsYesNo;
    d.message = "PRODUCTION (" + policy_.environment + "): " + r.action + "? [y/N]";
    return d;
  }
  if (r.destructive) {
    d.verdict = GateVerdict::NeedsYesNo;
    d.message = "Destructive: " + r.action + "? [y/N]";
    return d;
  }
  d.verdict = GateVerdict::Allowed;
  return d;
}

GateDecision ActionGate::resolve(const GateDecision& question, const std::string& answer) const {
  GateDecision d = question;
  std::string a = trimmed(answer);
  if (question.verdict == GateVerdict::NeedsTypedName) {
    if (!question.typed_name.empty() && a == question.typed_name) {
      d.verdict = GateVerdict::Allowed;
      d.message = "confirmed by typing '" + a + "'";
    } else {
      d.verdict = GateVerdict::Declined;
      d.message = "not confirmed: the environment name '" + question.typed_name + "' was not typed";
    }
    return d;
  }
  if (question.verdict == GateVerdict::NeedsYesNo) {
    d.verdict = is_yes(a) ? GateVerdict::Allowed : GateVerdict::Declined;
    d.message = is_yes(a) ? "confirmed" : "not confirmed";
    return d;
  }
  return d;  // nothing was asked
}

GateDecision ActionGate::check(const GateRequest& r) const {
  GateDecision d = judge(r);
  if (!d.needs_answer()) return d;
  const bool interactive = confirmer_ && confirmer_->interactive();
  if (d.verdict == GateVerdict::NeedsYesNo && policy_.assume_yes) {
    d.verdict = GateVerdict::Allowed;
    d.message = "confirmed by --yes";
    return d;
  }
  if (!interactive) {
    GateDecision refused = d;
    refused.verdict = GateVerdict::Refused;
    refused.message =
        d.verdict == GateVerdict::NeedsTypedName
            ? "refused: destructive in production environment '" + policy_.environment +
                  "' needs the environment name typed at a terminal; --yes is not enough"
        : policy_.production
            ? "refused: a change in production environment '" + policy_.environment +
                  "' needs --yes or a confirmation at a terminal"
            : "refused: destructive step needs --yes or an interactive confirmation";
    return refused;
  }
  return resolve(d, confirmer_->ask(d.message, d.lines));
}

}  // namespace opsdeck::app
