#pragma once
// Running a command somewhere and streaming its output: the interface shared by the SSH
// runner (SshCommandRunner) and the SSM runner (SsmCommandRunner: SendCommand + polling).
//
// Callbacks run on the runner's own worker thread (for SSH: the SSH worker thread; for SSM:
// the command's polling thread) — never on the caller's thread and never concurrently with each other
// for one command. A UI must hand data over to its own thread (queue + wake fd). Output
// callbacks receive chunks as they arrive, not lines. on_exit is called exactly once, last.
//
// Backpressure: a runner reads a bounded chunk, calls on_stdout/on_stderr synchronously and
// reads on only after it returns; pause(true) stops reading altogether, so the transport's
// flow control (the SSH channel window) holds the remote command back instead of memory
// growing. Nothing is buffered beyond one chunk per stream.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/result.hpp"

namespace opsdeck::ssh {

struct CommandOutcome {
  std::optional<int> exit_status;  // set when the remote command exited normally
  std::string exit_signal;         // "TERM", "KILL", ... when it was killed by a signal
  std::optional<aws::Error> error; // connect/auth/host-key failure, dropped link, cancel

  bool succeeded() const { return !error && exit_status && *exit_status == 0; }
};

struct CommandCallbacks {
  std::function<void(std::string_view)> on_stdout;
  std::function<void(std::string_view)> on_stderr;
  std::function<void(const CommandOutcome&)> on_exit;
};

// A command that was started. Methods are safe from any thread and after the command ended.
class RunningCommand {
 public:
  virtual ~RunningCommand() = default;
  // Stops the command; on_exit then reports ErrorKind::Cancelled (unless it already ended).
  virtual void cancel() = 0;
  // Stops (true) or resumes (false) reading output.
  virtual void pause(bool paused) = 0;
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  // Where commands run, for the operator ("ubuntu@10.0.1.7:22 (ssh)").
  virtual std::string describe_target() const = 0;
  virtual std::shared_ptr<RunningCommand> start(const std::string& command, CommandCallbacks callbacks) = 0;
};

}  // namespace opsdeck::ssh
