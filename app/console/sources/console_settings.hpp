#pragma once
// The console's part of the config file, read beside app/config.hpp's typed Config:
//   "refresh":    { "instances_seconds": 10, "databases_seconds": 10, "alarms_seconds": 30,
//                   "logs_poll_ms": 1000 }
//   "log_groups": { "clinic-api": ["/app/api", "/app/nginx"], ... }  (by instance/service name)
//   "keys":       { "action.stop": "x", "table.down": ["j", "<c-n>"] }  (command -> key(s);
//                   the names are those of the `?` help overlay)
//   "shell":      { "method": "auto", "ssh_user": "ec2-user", "ssh_port": 22,
//                   "identity_file": "~/.ssh/clinic.pem", "prefer_private_ip": false }
//                 (`s` on an instance: method auto = SSM when its agent is Online, else SSH;
//                  "ssm" or "ssh" forces one; ssh_config still applies to the address)
// Missing values keep the defaults; a value of the wrong type is an error naming its path.
// Loaded once on the main thread; read-only afterwards.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::app {

struct ShellSettings {
  std::string method = "auto";  // auto | ssm | ssh
  std::string ssh_user = "ec2-user";
  int ssh_port = 0;             // 0: ssh_config's Port, else 22
  std::string identity_file;    // tried first; ~ expanded
  bool prefer_private_ip = false;
  bool ssm_plugin = false;      // the config's "ssm": {"client": "plugin"}: sessions via session-manager-plugin
};

struct ConsoleSettings {
  std::chrono::milliseconds instances{10'000};
  std::chrono::milliseconds databases{10'000};
  std::chrono::milliseconds alarms{30'000};
  std::chrono::milliseconds logs_poll{1'000};
  std::map<std::string, std::vector<std::string>> log_groups;
  std::map<std::string, std::vector<std::string>> keys;  // command -> keys
  ShellSettings shell;
};

// `path` "" means no config file: the defaults.
aws::Result<ConsoleSettings> load_console_settings(const std::string& path);
aws::Result<ConsoleSettings> parse_console_settings(const std::string& text,
                                                    const std::string& path);

}  // namespace opsdeck::app
