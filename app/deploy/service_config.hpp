#pragma once
// Services defined in the config for one-keystroke deploys (`services` in config.json):
//   "clinic-api": { "environment": "prod",
//     "deploy": { "type": "ssm", "target": {"tag": "Name", "value": "clinic-api"},
//                 "command": "sudo /opt/clinic/deploy.sh" },
//     "health_checks": [ { "url": "https://api.example.com/healthz", "status": 200,
//                          "body_contains": "ok" } ],
//     "log_groups": ["/app/api"], "runbooks": ["runbooks/deploy.md"] }
// Deploy types: ssm (target.instance or target.tag/value), ssh (host), ecs (cluster,
// service, force_new_deployment, desired_count), lightsail (service_name, container, image).
// Read like config.json itself (comments allowed); errors name the file and line, or the
// service and the field ("$.services.clinic-api.health_checks[0].status is a string,
// expected an integer"). Pure parsing apart from load_service() reading the file.

#include <optional>
#include <string>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app {

struct HealthCheckSpec {
  std::string url;
  int status = 200;
  std::string body_contains;
  bool tls_verify = true;  // false only for self-signed test/staging endpoints
};

struct DeploySpec {
  std::string type;            // ssm | ssh | ecs | lightsail
  std::string target;          // ssm: "i-..." or "tag:KEY=VALUE"; ssh: host
  std::string command;         // ssm / ssh
  std::string cluster, service;          // ecs
  bool force_new_deployment = true;      // ecs
  std::optional<int> desired_count;      // ecs
  std::string service_name, container, image;  // lightsail
};

struct ServiceConfig {
  std::string name;
  std::string environment;
  DeploySpec deploy;
  std::vector<HealthCheckSpec> health_checks;
  std::vector<std::string> log_groups;
  std::vector<std::string> runbooks;
};

// Reads the `services` object of the config file at `config_path` ("" = none: NotFound).
aws::Result<ServiceConfig> load_service(const std::string& config_path, const std::string& name);
// `origin` names the text in messages ("/home/me/.config/opsdeck/config.json:3:7: ...").
aws::Result<ServiceConfig> parse_service(const std::string& name, const std::string& json_text,
                                         const std::string& origin = "config");

}  // namespace opsdeck::app
