#pragma once
// CommandRunner over SSM Run Command: SendCommand (AWS-RunShellScript) to one instance or a
// tag target, then polls with backoff until the invocation ends — GetCommandInvocation for
// one instance, ListCommandInvocations (Details) for a tag target — and streams the output
// as it grows: each poll emits only the new suffix of StandardOutputContent /
// StandardErrorContent. on_exit gets the script's exit code (ResponseCode); Cancelled,
// TimedOut and delivery failures come as an error. "InvocationDoesNotExist" right after
// SendCommand (eventual consistency) just means "poll again".
//
// Threads: each started command runs on its own polling thread, which makes blocking AWS
// calls through the SyncCaller (AwsClient::call_sync). Every callback (on_stdout,
// on_stderr, on_exit) runs on that polling thread, never concurrently for one command;
// on_exit exactly once, last. cancel() and pause() are safe from any thread: cancel wakes
// the poller, which calls CancelCommand and reports ErrorKind::Cancelled.
//
// Ownership: the polling thread keeps the command's state alive until on_exit returned;
// the handle may be dropped at any time (the command then runs on; cancel() first to stop
// it). The SyncCaller (and the AwsClient behind it) must stay alive until on_exit ran.
//
// SSM itself keeps only the first 24000 characters of stdout (8000 of stderr) in the API
// answer; a note on stderr says so when the output reached that size.

#include <chrono>
#include <memory>
#include <string>

#include "aws/service_call.hpp"
#include "aws/ssm.hpp"
#include "ssh/command_runner.hpp"

namespace opsdeck::ssh {

struct SsmRunnerOptions {
  std::chrono::milliseconds first_poll{300};  // delay before the first GetCommandInvocation
  std::chrono::milliseconds max_poll{3000};   // backoff ceiling
  double backoff = 1.5;                       // delay factor while nothing changes
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};  // then CancelCommand + Timeout
  std::string comment = "opsdeck";
};

class SsmCommandRunner : public CommandRunner {
 public:
  SsmCommandRunner(aws::SyncCaller call, aws::SsmCommandTarget target,
                   SsmRunnerOptions options = {})
      : call_(std::move(call)), target_(std::move(target)), options_(std::move(options)) {}

  // "i-0abc (ssm)" or "tag:Name=web (ssm)".
  std::string describe_target() const override;
  std::shared_ptr<RunningCommand> start(const std::string& command,
                                        CommandCallbacks callbacks) override;

 private:
  aws::SyncCaller call_;
  aws::SsmCommandTarget target_;
  SsmRunnerOptions options_;
};

// Parses an operator's target: "i-0abc..." (or "mi-...") -> instance id; "tag:KEY=V1,V2"
// -> a tag target; anything else -> tag:Name=TEXT.
aws::SsmCommandTarget parse_ssm_target(const std::string& text);

// The outcome of a finished invocation as CommandRunner reports it (pure; unit-tested):
// Success/Failed with a ResponseCode -> exit_status; Cancelled -> Cancelled error;
// TimedOut -> Timeout error; others -> an Aws error naming the status.
CommandOutcome ssm_outcome(const aws::SsmInvocation& inv);

}  // namespace opsdeck::ssh
