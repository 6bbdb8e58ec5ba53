#pragma once
// `opsdeck ssm session INSTANCE`, `opsdeck ssm forward INSTANCE --host H --port P
// [--local-port L]` and `opsdeck ssm exec CLUSTER TASK [--container C] [-- COMMAND]`:
// Session Manager sessions run by opsdeck's native client (shells and ECS Exec:
// ssh/ssm/session_start.hpp; forwards: app/ssm/native_forward.hpp), or handed to
// session-manager-plugin (ssh/ssm_session_plugin.hpp) when the config says
// "ssm": {"client": "plugin"}. `opsdeck forward` is the native forward always.
// Exit status: the session's or the plugin's; 5 in --readonly (StartSession opens a shell: it
// is mutating); 6 with install instructions when the plugin is wanted and missing.
//
// Threads: blocks the calling (main) thread while the plugin owns the terminal.
// Signals: Ctrl-C, Ctrl-\ and Ctrl-Z belong to the plugin; SIGTERM and SIGHUP are passed on
// to it, and once it has ended the terminal is put back as it was and opsdeck ends with
// 128+signo (widgets/terminal_restore.hpp).

#include <string>

#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

struct SsmSessionOptions {
  enum class Kind { Shell, Forward, EcsExec } kind = Kind::Shell;
  std::string instance;  // i-... or Name tag (Shell, Forward)
  std::string host;      // Forward: remote host ("localhost" = the instance itself)
  int port = 0;          // Forward: remote port
  int local_port = 0;    // Forward: 0 = the system picks one
  int idle_timeout_seconds = 0;  // Forward (native): close after this long without traffic
  bool native = false;   // Forward: opsdeck's own client even when the config says "plugin"
  std::string cluster;   // EcsExec
  std::string task;
  std::string container;
  std::string command = "/bin/sh";
  bool yes = false;  // --yes: answers the production yes/no question
};

int run_ssm_session_command(SessionRegistry& sessions, const GlobalOptions& global,
                            const SsmSessionOptions& options);

}  // namespace opsdeck::app
