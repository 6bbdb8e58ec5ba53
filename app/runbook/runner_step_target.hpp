#pragma once
// A runbook step target over any ssh::CommandRunner: `ssm:INSTANCE` (SsmCommandRunner) and
// `ssh:HOST` (SshCommandRunner). The script is sent as one command (`bash -c` on the
// remote side for SSH is the runner's business; SSM runs it with AWS-RunShellScript).
//
// Threading (StepTarget's contract): run() blocks the calling thread; the runner's
// callbacks (its own thread) only queue the chunks, and run() hands them to `on_output`
// on the calling thread, in order. `cancel` is polled every 100 ms and cancels the remote
// command (SSM: CancelCommand; SSH: closes the channel).

#include <memory>

#include "app/runbook/step_target.hpp"
#include "ssh/command_runner.hpp"

namespace opsdeck::app::runbook {

class RunnerStepTarget : public StepTarget {
 public:
  // `name` is what the audit log records ("ssm:i-0abc"); the runner is shared so it can
  // own what it needs (e.g. the AwsClient).
  RunnerStepTarget(std::string name, std::shared_ptr<ssh::CommandRunner> runner)
      : name_(std::move(name)), runner_(std::move(runner)) {}

  std::string name() const override { return name_; }
  std::string describe() const override;
  aws::Result<StepOutcome> run(const std::string& script, const OutputCallback& on_output,
                               const std::atomic<bool>* cancel) override;

 private:
  std::string name_;
  std::shared_ptr<ssh::CommandRunner> runner_;
};

}  // namespace opsdeck::app::runbook
