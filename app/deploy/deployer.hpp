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
#include <string>

#include "app/global_options.hpp"

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
int run_deploy(const GlobalOptions& global, const DeployOptions& options);

}  // namespace opsdeck::app
