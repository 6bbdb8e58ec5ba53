#pragma once
// CommandRunner over SSH for one host: what runbooks and panes use to run a command on an
// instance reached by SSH (the SSM runner implements the same interface). Callbacks run on
// the SSH worker thread. The SshClient must outlive the runner.

#include "ssh/command_runner.hpp"
#include "ssh/ssh_client.hpp"

namespace opsdeck::ssh {

class SshCommandRunner : public CommandRunner {
 public:
  SshCommandRunner(SshClient& client, HostSettings host) : client_(client), host_(std::move(host)) {}

  std::string describe_target() const override;
  std::shared_ptr<RunningCommand> start(const std::string& command, CommandCallbacks callbacks) override {
    return client_.exec(host_, command, std::move(callbacks));
  }

 private:
  SshClient& client_;
  HostSettings host_;
};

}  // namespace opsdeck::ssh
