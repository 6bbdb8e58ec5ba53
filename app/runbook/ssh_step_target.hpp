#pragma once
// Runs a step on a host over SSH (`--target ssh:HOST`, HOST as for `opsdeck ssh`: an
// ssh_config alias, user@host[:port]): `bash -c 'SCRIPT'` on one exec channel, through the
// SSH module's SshClient (ssh_config, known_hosts, agent, keys as app/ssh_defaults.hpp).
// An unknown or changed host key is refused (no prompt here: run `opsdeck ssh
// --accept-new-host-key HOST` once first). Instance ids are not resolved yet.
//
// Threading: see StepTarget. SshClient calls back on its worker thread; run() hands the
// chunks over through a queue and calls on_output on the caller's thread.

#include <optional>

#include "app/runbook/step_target.hpp"
#include "ssh/ssh_config.hpp"

namespace opsdeck::app::runbook {

class SshStepTarget : public StepTarget {
 public:
  // Parses and resolves `destination` through ssh_config; errors are Usage errors.
  static aws::Result<std::unique_ptr<StepTarget>> create(const std::string& destination);

  std::string name() const override { return "ssh:" + destination_; }
  std::string describe() const override;
  aws::Result<StepOutcome> run(const std::string& script, const OutputCallback& on_output,
                               const std::atomic<bool>* cancel) override;

 private:
  SshStepTarget(std::string destination, ssh::HostSettings host)
      : destination_(std::move(destination)), host_(std::move(host)) {}
  std::string destination_;
  ssh::HostSettings host_;
};

}  // namespace opsdeck::app::runbook
