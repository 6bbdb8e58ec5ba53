#pragma once
// Runs a step on the operator's machine with `/bin/bash -c SCRIPT`, in its own process
// group, stdout/stderr through pipes (so output can be shown, saved and sanitised), stdin
// inherited only when asked (an interactive terminal). If opsdeck dies, the step gets
// SIGTERM (PR_SET_PDEATHSIG). See StepTarget for threading.

#include "app/runbook/step_target.hpp"

namespace opsdeck::app::runbook {

class LocalShellTarget : public StepTarget {
 public:
  explicit LocalShellTarget(bool inherit_stdin = false) : inherit_stdin_(inherit_stdin) {}
  std::string name() const override { return "local"; }
  std::string describe() const override;
  aws::Result<StepOutcome> run(const std::string& script, const OutputCallback& on_output,
                               const std::atomic<bool>* cancel) override;
  // The environment is this process's, minus env.unset, plus env.set (built before fork:
  // the child only calls execve).
  aws::Result<StepOutcome> execute(const std::string& script, const StepEnvironment& env,
                                   const OutputCallback& on_output, const std::atomic<bool>* cancel) override;

 private:
  bool inherit_stdin_;
};

}  // namespace opsdeck::app::runbook
