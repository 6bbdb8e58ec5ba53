#pragma once
// The runbook's remote targets from the global flags: "ssm" -> an SsmCommandRunner that holds
// the flags' Session from `sessions` (instance id, Name tag resolved through EC2, or tag:KEY=V); "ssh" -> an
// SshCommandRunner that owns its SshClient (ssh_config alias or user@host[:port]; unknown
// host keys are refused in headless use). Blocks the calling thread while resolving.

#include <memory>

#include "app/global_options.hpp"
#include "app/session_registry.hpp"
#include "app/runbook/step_target.hpp"

namespace opsdeck::app {

// `read_only_grant` non-empty (why the gate proved the step read-only): under --readonly
// the SSM runner may send its one ssm:SendCommand (aws/read_only_grant.hpp). Never set it
// for anything the gate did not prove read-only.
runbook::RemoteRunnerFactory make_remote_runner_factory(std::shared_ptr<SessionRegistry> sessions,
                                                       const GlobalOptions& global,
                                                       const std::string& read_only_grant = {});

}  // namespace opsdeck::app
