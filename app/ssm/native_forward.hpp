#pragma once
// A Session Manager port forward run headless with opsdeck's native client
// (ssh/ssm/ssm_port_forward.hpp): one line on stdout per state change —
//   forward 127.0.0.1:5432 -> db.example:5432 via i-0abc: open (smux, session ID)
// — then reconnecting/open again and failed connections, until Ctrl-C or SIGTERM, which
// close the forward and terminate the session. Also ends on the idle timeout.
//
// Returns 0 after SIGTERM or the idle timeout, 130 after Ctrl-C (as `logs --follow`), and
// the forward's error when it fails (the local port busy, StartSession refused).
//
// Threads: blocks the calling (main) thread; lines are printed from the forward's thread.
// Installs SIGINT/SIGTERM handlers for its duration and restores the previous ones.

#include <optional>
#include <string>
#include <utility>

#include "aws/result.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/ssm_port_forward.hpp"

namespace opsdeck::app {

// The line printed for a status: "forward 127.0.0.1:L -> HOST:PORT via ID: STATE[ (DETAIL)|: DETAIL]".
std::string forward_status_line(const ssh::ssm::PortForwardSpec& spec, const ssh::ssm::PortForwardStatus& status);

aws::Result<int> run_native_forward(const aws::SyncCaller& call, const ssh::ssm::PortForwardSpec& spec);

}  // namespace opsdeck::app
