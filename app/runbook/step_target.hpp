#pragma once
// Where a runbook step runs. One interface so that targets plug in: the local shell now;
// `ssm:INSTANCE` (SSM SendCommand / session) and `ssh:HOST` (libssh2 exec) when the SSH
// module lands, an ECS task after that.
//
// Threading: run() blocks the calling thread until the step ends; `on_output` is called
// on that same calling thread, once per chunk, in arrival order. The console calls run()
// from a worker thread and posts the chunks to the UI queue; the headless CLI calls it on
// the main thread and writes chunks straight to stdout/stderr. `cancel` may be set from
// any thread (or a signal handler); run() then stops the step (SIGTERM, then SIGKILL
// after 2 s, to the whole process group) and returns its status.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include <string_view>

#include "aws/result.hpp"
#include "ssh/command_runner.hpp"

namespace opsdeck::app::runbook {

enum class OutputStream { Stdout, Stderr };
using OutputCallback = std::function<void(OutputStream, std::string_view)>;

struct StepOutcome {
  int exit_code = 0;  // 128+N when killed by signal N
  std::chrono::milliseconds duration{0};
  bool cancelled = false;
};

// What a step's shell must have in its environment: placeholder values (never pasted into
// the script text) and the AWS context of the session on screen; `unset` removes what the
// parent process had that would contradict it (a stale AWS_PROFILE, say).
struct StepEnvironment {
  std::map<std::string, std::string> set;
  std::vector<std::string> unset;
};

class StepTarget {
 public:
  virtual ~StepTarget() = default;
  // "local", "ssm:i-0abc", "ssh:web1" — what the audit log records as the target.
  virtual std::string name() const = 0;
  // What the operator is shown before it runs: "local shell (/bin/bash -c) on laptop".
  virtual std::string describe() const = 0;
  virtual aws::Result<StepOutcome> run(const std::string& script, const OutputCallback& on_output,
                                       const std::atomic<bool>* cancel) = 0;
  // Runs `script` with `env`. Remote targets (which cannot hand over a process
  // environment) put it before the script as `export NAME='value'` lines
  // (remote_prelude.hpp); the local shell overrides this to set the real environment.
  virtual aws::Result<StepOutcome> execute(const std::string& script, const StepEnvironment& env,
                                           const OutputCallback& on_output, const std::atomic<bool>* cancel);
};

// Builds the command runner behind a remote target: kind "ssm" (id = instance id, Name tag
// or tag:KEY=V) or "ssh" (id = ssh_config alias or user@host). Supplied by the caller that
// has AWS/SSH settings (app/ssm/remote_runner_factory.hpp); runs on the calling thread.
using RemoteRunnerFactory =
    std::function<aws::Result<std::shared_ptr<ssh::CommandRunner>>(const std::string& kind, const std::string& id)>;

// Parses --target: "local" (default, also ""), "ssh:HOST" (SshStepTarget: host keys checked,
// known_hosts honoured), "ssm:ID" (a runner from `remote`; without it a clear error).
aws::Result<std::unique_ptr<StepTarget>> make_step_target(const std::string& spec,
                                                          const RemoteRunnerFactory& remote = {});

}  // namespace opsdeck::app::runbook
