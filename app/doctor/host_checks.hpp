#pragma once
// The machine half of `opsdeck doctor`: the programs opsdeck hands work to
// (session-manager-plugin for SSM sessions, port forwards and ECS Exec; ssh for runbook
// steps that call it — opsdeck's own SSH is libssh2), the ssh-agent behind SSH_AUTH_SOCK
// and its identities, the terminal's colours (terminfo for $TERM, NO_COLOR) and whether the
// locale is UTF-8, and where the themes are (app/data_paths.hpp). Reads the environment;
// call on the main thread (terminfo, setlocale).

#include "app/doctor/aws_setup_checks.hpp"

namespace opsdeck::app {

void check_host(const aws::EnvLookup& env, const CheckSink& report);

}  // namespace opsdeck::app
