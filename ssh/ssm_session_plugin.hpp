#pragma once
// Hands an SSM session to AWS's `session-manager-plugin`, the way the AWS CLI does
// (awscli/customizations/sessionmanager.py): call StartSession (or ECS ExecuteCommand),
// then exec
//   session-manager-plugin RESPONSE REGION StartSession PROFILE PARAMETERS ENDPOINT
// where RESPONSE is {"SessionId","TokenValue","StreamUrl"} as JSON, PROFILE the named
// profile or "", PARAMETERS the StartSession request as JSON and ENDPOINT the SSM endpoint
// URL. A plugin newer than 1.2.497.0 gets the response through the environment variable
// AWS_SSM_START_SESSION_RESPONSE and that name in argv instead (so the session token is not
// visible in `ps`). When the plugin cannot be started the session is ended with
// TerminateSession so it does not linger on the agent.
//
// Threads: everything here blocks the calling thread; run_session() waits for the plugin,
// which owns the terminal meanwhile (the caller suspends curses first). Ctrl-C, Ctrl-Z and
// Ctrl-\ are ignored by opsdeck while the plugin runs: the plugin forwards them. SIGTERM
// and SIGHUP are passed on to the plugin; once it has ended they are raised again under
// the caller's dispositions (the caller registers the terminal with its restore hook).
//
// The plugin is looked up on $PATH's absolute directories only and started by its path:
// an empty or relative PATH element (PATH=:/usr/bin) never makes the current directory a
// place a session token can be handed to.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/result.hpp"
#include "aws/service_call.hpp"
#include "aws/ssm.hpp"

namespace opsdeck::ssh {

inline constexpr const char* kSessionPluginName = "session-manager-plugin";
inline constexpr const char* kSessionResponseEnv = "AWS_SSM_START_SESSION_RESPONSE";

struct PluginLaunch {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;  // added to the environment
};

struct SessionRequest {
  std::string target;    // i-..., or ecs:CLUSTER_TASK_RUNTIMEID
  std::string document;  // "" = shell
  std::map<std::string, std::vector<std::string>> parameters;
};

struct SessionContext {
  std::string region;
  std::string profile;       // "" unless the operator named one
  std::string ssm_endpoint;  // "https://ssm.us-east-1.amazonaws.com" or --endpoint-url
  // Native: opsdeck's own data channel client (ssh/ssm/); Plugin: session-manager-plugin.
  enum class Client { Native, Plugin } client = Client::Native;
};

// The StartSession request JSON as the plugin receives it ({"Target":..,"DocumentName":..,
// "Parameters":..}).
nlohmann::json session_parameters_json(const SessionRequest& request);

// Pure: the argv/env for the plugin. `plugin_version` is the output of `--version` ("" if
// unknown: the response then goes in argv, as for old plugins).
PluginLaunch build_plugin_launch(const aws::SsmSession& session, const SessionRequest& request,
                                 const SessionContext& context, const std::string& plugin_version,
                                 const std::string& plugin_path = kSessionPluginName);

// True when `version` ("1.2.650.0\n") is newer than 1.2.497.0 (the AWS CLI's rule).
bool plugin_takes_env_response(const std::string& version);

// The plugin's absolute path, from the absolute directories of $PATH (empty and relative
// elements are skipped), or nullopt.
std::optional<std::string> find_session_plugin();

// The error for a missing plugin: what is missing and how to install it.
aws::Error missing_plugin_error();

// Port-forwarding request through an instance to host:port (e.g. RDS), local port L
// (0 = let the plugin choose).
SessionRequest port_forward_request(const std::string& instance, const std::string& host, int port,
                                    int local_port);

// Starts a session and runs the plugin until it exits; returns its exit status. Checks for
// the plugin first (nothing is started when it is missing); TerminateSession when exec
// fails after StartSession.
aws::Result<int> run_ssm_session(const aws::SyncCaller& call, const SessionRequest& request,
                                 const SessionContext& context);

// ECS Exec: ExecuteCommand on a task's container, then the plugin with target
// "ecs:CLUSTER_TASKID_RUNTIMEID" (the runtime id from DescribeTasks).
aws::Result<int> run_ecs_exec(const aws::SyncCaller& call, const std::string& cluster,
                              const std::string& task, const std::string& container,
                              const std::string& command, const SessionContext& context);

}  // namespace opsdeck::ssh
