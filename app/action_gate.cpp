#include "app/action_gate.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace opsdeck::app {

bool TerminalConfirmer::interactive() const { return isatty(STDIN_FILENO) && isatty(STDERR_FILENO); }

std::string TerminalConfirmer::ask(const std::string& question, const std::vector<std::string>& details) {
  for (const auto& d : details) std::fprintf(stderr, "  %s\n", d.c_str());
  std::fprintf(stderr, "%s ", question.c_str());
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) return {};
  return answer;
}

GateDecision ActionGate::check(const GateRequest& r) const {
  const bool interactive = confirmer_ && confirmer_->interactive();
  if (!r.changes_something) return {GateVerdict::Allowed, {}};
  if (policy_.readonly)
    return {GateVerdict::Refused, "refused: read-only mode, and this changes something (" + r.action + ")"};
  if (!r.destructive) return {GateVerdict::Allowed, {}};

  std::vector<std::string> details;
  details.push_back(r.action + " on " + r.target);
  for (const auto& why : r.reasons) details.push_back("destructive: " + why);

  if (policy_.production) {
    if (!interactive)
      return {GateVerdict::Refused,
              "refused: destructive in production environment '" + policy_.environment +
                  "' needs the environment name typed at a terminal; --yes is not enough"};
    std::string typed = confirmer_->ask(
        "PRODUCTION (" + policy_.environment + "): type the environment name to continue:", details);
    while (!typed.empty() && (typed.back() == '\r' || typed.back() == ' ')) typed.pop_back();
    if (typed == policy_.environment) return {GateVerdict::Allowed, "confirmed by typing '" + typed + "'"};
    return {GateVerdict::Declined, "not confirmed: the environment name was not typed"};
  }
  if (policy_.assume_yes) return {GateVerdict::Allowed, "confirmed by --yes"};
  if (!interactive)
    return {GateVerdict::Refused, "refused: destructive step needs --yes or an interactive confirmation"};
  std::string answer = confirmer_->ask("Run it? [y/N]", details);
  if (answer == "y" || answer == "Y" || answer == "yes" || answer == "YES")
    return {GateVerdict::Allowed, "confirmed"};
  return {GateVerdict::Declined, "not confirmed"};
}

}  // namespace opsdeck::app
