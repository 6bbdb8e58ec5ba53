#pragma once
// The runbook step target `ecs:CLUSTER/TASK[/CONTAINER]`: ECS ExecuteCommand runs
// `/bin/sh -c SCRIPT` in the task's container and AWS's session-manager-plugin carries the
// session (as `opsdeck ssm exec` does, app/ssm/ssm_session_command.cpp), with its output
// piped back through the local shell target so it streams, is sanitised by the console and
// can be cancelled. When the plugin is missing, run() fails at once with what to install.
//
// Limits: TASK is the task id (not the ARN); the exit code is the plugin's — Session
// Manager does not report the remote command's status, so a failing command inside the
// task can still end "done"; the output says what happened.
//
// Threads: run() blocks the calling (worker) thread; see StepTarget. The session response
// (its token) goes to the plugin through a 0600 temp file read into
// AWS_SSM_START_SESSION_RESPONSE, never into a command line or a log.

#include <functional>
#include <memory>
#include <string>

#include "app/global_options.hpp"
#include "app/session_registry.hpp"
#include "app/runbook/step_target.hpp"

namespace opsdeck::app {

struct EcsTaskRef {
  std::string cluster, task, container;
};
// "CLUSTER/TASK" or "CLUSTER/TASK/CONTAINER"; a Usage error otherwise.
aws::Result<EcsTaskRef> parse_ecs_task_ref(const std::string& id);

// The target for `id` (after "ecs:") in the session for `global`; calls nothing yet.
// `read_only_grant`: see make_remote_runner_factory (the one ecs:ExecuteCommand).
aws::Result<std::unique_ptr<runbook::StepTarget>> make_ecs_exec_target(SessionRegistry& sessions,
                                                                      const GlobalOptions& global,
                                                                      const std::string& id,
                                                                      const std::string& read_only_grant = {});

// A factory for make_step_target's callers: spec "ecs:ID" -> make_ecs_exec_target.
using EcsTargetFactory =
    std::function<aws::Result<std::unique_ptr<runbook::StepTarget>>(const std::string& id)>;
EcsTargetFactory make_ecs_target_factory(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& global,
                                         const std::string& read_only_grant = {});

}  // namespace opsdeck::app
