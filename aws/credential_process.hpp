#pragma once
// credential_process: runs the profile's command (through /bin/sh -c, as the AWS CLI
// does) and reads its JSON from stdout (Version 1). stderr is captured for the error
// message, never shown on the terminal. A non-zero exit, bad JSON or a timeout is an error.

#include <chrono>

#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

class ProcessCredentialsProvider : public CredentialsProvider {
 public:
  explicit ProcessCredentialsProvider(std::string command,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(60))
      : command_(std::move(command)), timeout_(timeout) {}
  Result<Credentials> get() override;
  std::string name() const override { return "credential_process"; }

 private:
  std::string command_;
  std::chrono::milliseconds timeout_;
};

}  // namespace opsdeck::aws
