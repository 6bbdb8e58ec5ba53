#pragma once
// Runs one configured deploy (service_config.hpp) end to end for the headless
// `opsdeck deploy SERVICE`: the action gate (read-only refuses; production needs the
// environment's name typed; elsewhere --yes or y/N), an audit record before and after,
// the deploy itself (SSM or SSH command with streamed output, ECS force-new-deployment /
// desired count, Lightsail CreateContainerServiceDeployment), then the health checks
// polled until healthy or the timeout, with certificate-expiry warnings for https.
//
// Threads: blocks the calling thread; output callbacks of remote commands run on the
// runner's thread and only write to stdout/stderr.

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <string>

#include "app/action_gate.hpp"
#include "app/global_options.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

struct DeployOptions {
  std::string service;
  bool yes = false;
  bool skip_health = false;
  std::chrono::seconds health_timeout{120};
  std::chrono::milliseconds health_interval{2000};
};

// Returns the process exit code (0 deployed and healthy; 1 failed or unhealthy; 2 usage;
// 4 unknown service; 5 refused).
// AWS calls go through the session `sessions` holds for the service's environment.
int run_deploy(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& global,
               const DeployOptions& options);

// Where a deploy's words go and who answers the gate: the headless command writes to
// stdout/stderr and asks on the terminal; the console posts the text to its deploy screen
// (the sinks run on the calling thread, or the remote runner's thread for command output)
// and answers with what the operator typed in its confirm dialog.
struct DeployIo {
  std::function<void(std::string_view)> out;  // the deploy command's stdout (sanitised)
  std::function<void(std::string_view)> err;  // progress, health results, errors (whole lines)
  Confirmer* confirmer = nullptr;             // not owned; null: never interactive
};
int run_deploy(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& global,
               const DeployOptions& options, const DeployIo& io);

}  // namespace opsdeck::app
