#pragma once
// An interactive Session Manager shell (SSM shell or ECS Exec) on the local terminal over
// the native data channel: raw terminal, keystrokes (Ctrl-C, Ctrl-Z and Ctrl-\ included:
// they travel as bytes to the remote process) in messages of at most 1024 bytes with a lone
// LF sent as CR, the terminal size at start and after every change, output written as it
// arrives, reconnect notices on the terminal, the terminal restored when the session ends.
// And the non-interactive form for runbook steps: the command's output streamed to
// callbacks, its exit code when the agent reports one.
//
// Both block the calling thread until the session ends; the callbacks of
// run_native_command() run on the calling thread too.

#include <functional>
#include <string>
#include <string_view>

#include "aws/result.hpp"
#include "aws/ssm.hpp"
#include "ssh/ssm/ssm_stream_session.hpp"

namespace opsdeck::ssh::ssm {

// The exit status: the remote command's when the agent reported it, else 0 when the session
// ended normally. An error when the session could not start or broke off.
aws::Result<int> run_native_shell(const aws::SsmSession& session, StreamSessionOptions options, int in_fd,
                                  int out_fd);

struct CommandStreams {
  std::function<void(std::string_view)> on_stdout;
  std::function<void(std::string_view)> on_stderr;
  std::function<bool()> cancelled;  // polled every 100 ms; true terminates the session
};
aws::Result<int> run_native_command(const aws::SsmSession& session, StreamSessionOptions options,
                                    const CommandStreams& streams);

}  // namespace opsdeck::ssh::ssm
