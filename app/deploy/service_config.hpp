#pragma once
// Services defined in the config for one-keystroke deploys (`services` in config.json):
//   "clinic-api": { "environment": "prod",
//     "deploy": { "type": "ssm", "target": {"tag": "Name", "value": "clinic-api"},
//                 "command": "sudo /opt/clinic/deploy.sh" },
//     "health_checks": [ { "url": "https://api.example.com/healthz", "status": 200,
//                          "body_contains": "ok" },
//                        { "url": "https://api.example.com/status",
//                          "body_json": {"status": "healthy", "checks": {"db": "ok"}} } ],
//     "log_groups": ["/app/api"], "runbooks": ["runbooks/deploy.md"] }
// Deploy types: ssm (target.instance or target.tag/value), ssh (host), ecs (cluster,
// service, force_new_deployment, desired_count), lightsail (service_name, container, image).
// Read like config.json itself (comments allowed); errors name the file and line, or the
// service and the field ("$.services.clinic-api.health_checks[0].status is a string,
// expected an integer"). Pure parsing apart from load_service() reading the file.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app {

struct HealthCheckSpec {
  std::string url;
  int status = 200;
  std::string body_contains;
  // The body parsed as JSON must hold these fields with these values (objects compared
  // field by field, so {"status": "healthy"} matches however the body is spaced or
  // ordered and whatever else it holds); null when not asked.
  nlohmann::json body_json;
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
