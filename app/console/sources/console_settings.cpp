#include "app/console/sources/console_settings.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace opsdeck::app {

namespace {

aws::Error bad(const std::string& path, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, path + ": " + what, "fix the config file");
}

}  // namespace

aws::Result<ConsoleSettings> parse_console_settings(const std::string& text,
                                                    const std::string& path) {
  ConsoleSettings s;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return bad(path, "not a JSON object");
  if (auto it = doc.find("refresh"); it != doc.end()) {
    if (!it->is_object()) return bad(path, "refresh must be an object");
    auto num = [&](const char* key, std::chrono::milliseconds& out, int scale) -> bool {
      auto v = it->find(key);
      if (v == it->end()) return true;
      if (!v->is_number() || v->get<double>() <= 0) return false;
      out = std::chrono::milliseconds(static_cast<long long>(v->get<double>() * scale));
      return true;
    };
    if (!num("instances_seconds", s.instances, 1000))
      return bad(path, "refresh.instances_seconds must be a positive number");
    if (!num("databases_seconds", s.databases, 1000))
      return bad(path, "refresh.databases_seconds must be a positive number");
    if (!num("alarms_seconds", s.alarms, 1000))
      return bad(path, "refresh.alarms_seconds must be a positive number");
    if (!num("logs_poll_ms", s.logs_poll, 1))
      return bad(path, "refresh.logs_poll_ms must be a positive number");
  }
  if (auto it = doc.find("log_groups"); it != doc.end()) {
    if (!it->is_object()) return bad(path, "log_groups must be an object");
    for (const auto& [name, groups] : it->items()) {
      if (!groups.is_array())
        return bad(path, "log_groups." + name + " must be an array of strings");
      for (const auto& g : groups) {
        if (!g.is_string()) return bad(path, "log_groups." + name + " must be an array of strings");
        s.log_groups[name].push_back(g.get<std::string>());
      }
    }
  }
  if (auto it = doc.find("keys"); it != doc.end()) {
    if (!it->is_object()) return bad(path, "keys must be an object of command -> key");
    for (const auto& [command, keys] : it->items()) {
      std::vector<std::string> list;
      if (keys.is_string()) list.push_back(keys.get<std::string>());
      else if (keys.is_array())
        for (const auto& k : keys)
          if (k.is_string()) list.push_back(k.get<std::string>());
      if (list.empty() || (keys.is_array() && list.size() != keys.size()))
        return bad(path, "keys." + command + " must be a key name or an array of key names");
      s.keys[command] = std::move(list);
    }
  }
  if (auto it = doc.find("shell"); it != doc.end()) {
    if (!it->is_object()) return bad(path, "shell must be an object");
    auto str = [&](const char* key, std::string& out) -> bool {
      auto v = it->find(key);
      if (v == it->end()) return true;
      if (!v->is_string() || v->get<std::string>().empty()) return false;
      out = v->get<std::string>();
      return true;
    };
    if (!str("method", s.shell.method) ||
        (s.shell.method != "auto" && s.shell.method != "ssm" && s.shell.method != "ssh"))
      return bad(path, "shell.method must be \"auto\", \"ssm\" or \"ssh\"");
    if (!str("ssh_user", s.shell.ssh_user)) return bad(path, "shell.ssh_user must be a non-empty string");
    if (!str("identity_file", s.shell.identity_file))
      return bad(path, "shell.identity_file must be a non-empty string");
    if (auto v = it->find("ssh_port"); v != it->end()) {
      if (!v->is_number_integer() || v->get<int>() < 1 || v->get<int>() > 65535)
        return bad(path, "shell.ssh_port must be a port number (1-65535)");
      s.shell.ssh_port = v->get<int>();
    }
    if (auto v = it->find("prefer_private_ip"); v != it->end()) {
      if (!v->is_boolean()) return bad(path, "shell.prefer_private_ip must be true or false");
      s.shell.prefer_private_ip = v->get<bool>();
    }
  }
  return s;
}

aws::Result<ConsoleSettings> load_console_settings(const std::string& path) {
  if (path.empty()) return ConsoleSettings{};
  std::ifstream in(path);
  if (!in) return ConsoleSettings{};  // app/config.cpp reports a missing explicit file
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_console_settings(ss.str(), path);
}

}  // namespace opsdeck::app
