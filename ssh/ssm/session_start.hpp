#pragma once
// Starts Session Manager shells — an instance's (StartSession) or a task container's (ECS
// ExecuteCommand) — and runs them with opsdeck's native data channel client or, when the
// context says Client::Plugin, hands them to session-manager-plugin
// (ssh/ssm_session_plugin.hpp). The native session resumes a dropped data channel with
// ResumeSession and ends an abandoned one with TerminateSession, through `call`.
//
// Threads: blocks the calling thread until the session ends; `call` is also used from the
// session's I/O thread meanwhile, so it must be callable from any thread (aws::sync_caller is).

#include <string>

#include "aws/result.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/native_shell.hpp"
#include "ssh/ssm/ssm_stream_session.hpp"
#include "ssh/ssm_session_plugin.hpp"

namespace opsdeck::ssh::ssm {

// Options for a native session whose resume and terminate go through `call`, and whose KMS
// data key (when the session's preferences ask for encryption) comes from KMS
// GenerateDataKey with the context Session Manager expects (aws:ssm:SessionId, aws:ssm:TargetId).
StreamSessionOptions stream_options(const aws::SyncCaller& call, const std::string& session_id = {},
                                    const std::string& target = {});

// An interactive shell on the instance `target` (or any StartSession request without a
// port-forwarding document) on the local terminal.
aws::Result<int> open_ssm_shell(const aws::SyncCaller& call, const SessionRequest& request,
                                const SessionContext& context, int in_fd = 0, int out_fd = 1);

// ECS Exec: `command` in `container` of `task` ("" = the only container), interactive on the
// local terminal.
aws::Result<int> open_ecs_exec(const aws::SyncCaller& call, const std::string& cluster, const std::string& task,
                               const std::string& container, const std::string& command,
                               const SessionContext& context, int in_fd = 0, int out_fd = 1);

// ECS Exec without a terminal, for runbook steps: output streamed, the exit code returned
// when the agent reports one.
aws::Result<int> run_ecs_exec_command(const aws::SyncCaller& call, const std::string& cluster,
                                      const std::string& task, const std::string& container,
                                      const std::string& command, const CommandStreams& streams);

}  // namespace opsdeck::ssh::ssm
