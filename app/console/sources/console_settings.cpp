#include "app/console/sources/console_settings.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using nlohmann::json;

constexpr const char* kFixHint = "fix the config file";

// The object at `key` of `doc` (nullptr when absent), or an error when it is not one.
aws::Result<const json*> section(const json& doc, const char* key, const aws::JsonPlace& top) {
  const json* s = aws::jfield(doc, key);
  if (!s) return static_cast<const json*>(nullptr);
  return aws::require_object(doc, key, top);
}

aws::Result<void> read_refresh(const json& doc, const aws::JsonPlace& top, ConsoleSettings& s) {
  auto refresh = section(doc, "refresh", top);
  if (!refresh) return refresh.error();
  if (!*refresh) return {};
  const json& r = **refresh;
  const aws::JsonPlace at = top.member("refresh");
  for (auto [key, out, scale] : {std::tuple{"instances_seconds", &s.instances, 1000.0},
                                 std::tuple{"databases_seconds", &s.databases, 1000.0},
                                 std::tuple{"alarms_seconds", &s.alarms, 1000.0},
                                 std::tuple{"logs_poll_ms", &s.logs_poll, 1.0}}) {
    if (!aws::jfield(r, key)) continue;
    auto v = aws::require_number(r, key, at);
    if (!v) return v.error();
    double ms = *v * scale;
    if (!(ms >= 1) || ms > 1e12)
      return at.error(at.name_of(key) + " is " + aws::describe_json_value(*aws::jfield(r, key)) + ", expected a positive number");
    *out = std::chrono::milliseconds(std::llround(ms));
  }
  return {};
}

aws::Result<void> read_log_groups(const json& doc, const aws::JsonPlace& top, ConsoleSettings& s) {
  auto groups = section(doc, "log_groups", top);
  if (!groups) return groups.error();
  if (!*groups) return {};
  const aws::JsonPlace at = top.member("log_groups");
  for (const auto& [name, list] : (*groups)->items()) {
    if (!list.is_array()) return at.member(name).wrong_type(list, "an array of strings");
    auto names = aws::optional_strings(**groups, name.c_str(), at);
    if (!names) return names.error();
    s.log_groups[name] = std::move(*names);
  }
  return {};
}

aws::Result<void> read_keys(const json& doc, const aws::JsonPlace& top, ConsoleSettings& s) {
  auto keys = section(doc, "keys", top);
  if (!keys) return keys.error();
  if (!*keys) return {};
  const aws::JsonPlace at = top.member("keys");
  for (const auto& [command, value] : (*keys)->items()) {
    std::vector<std::string> list;
    if (value.is_string()) {
      list.push_back(aws::jstr(**keys, command.c_str()));
    } else if (value.is_array()) {
      auto names = aws::optional_strings(**keys, command.c_str(), at);
      if (!names) return names.error();
      list = std::move(*names);
    }
    if (list.empty()) return at.member(command).wrong_type(value, "a key name or an array of key names");
    s.keys[command] = std::move(list);
  }
  return {};
}

aws::Result<void> read_shell(const json& doc, const aws::JsonPlace& top, ConsoleSettings& s) {
  auto shell = section(doc, "shell", top);
  if (!shell) return shell.error();
  if (!*shell) return {};
  const json& sh = **shell;
  const aws::JsonPlace at = top.member("shell");
  for (auto [key, out] : {std::pair{"method", &s.shell.method}, std::pair{"ssh_user", &s.shell.ssh_user},
                          std::pair{"identity_file", &s.shell.identity_file}}) {
    if (!aws::jfield(sh, key)) continue;
    auto v = aws::require_string(sh, key, at);
    if (!v) return v.error();
    if (v->empty()) return at.error(at.name_of(key) + " is empty, expected a non-empty string");
    *out = std::move(*v);
  }
  if (s.shell.method != "auto" && s.shell.method != "ssm" && s.shell.method != "ssh")
    return at.error(at.name_of("method") + " must be \"auto\", \"ssm\" or \"ssh\"");
  auto port = aws::optional_int(sh, "ssh_port", at, 0);
  if (!port) return port.error();
  if (aws::jfield(sh, "ssh_port") && (*port < 1 || *port > 65535))
    return at.error(at.name_of("ssh_port") + " must be a port number (1-65535)");
  s.shell.ssh_port = static_cast<int>(*port);
  auto private_ip = aws::optional_bool(sh, "prefer_private_ip", at, s.shell.prefer_private_ip);
  if (!private_ip) return private_ip.error();
  s.shell.prefer_private_ip = *private_ip;
  return {};
}

}  // namespace

aws::Result<ConsoleSettings> parse_console_settings(const std::string& text,
                                                    const std::string& path) {
  // The same reader and rules as load_config(): comments allowed, file:line:column errors.
  auto parsed = aws::parse_config_json(text, path);
  if (!parsed) {
    aws::Error e = parsed.error();
    e.hint = kFixHint;
    return e;
  }
  const json& doc = *parsed;
  const aws::JsonPlace top{"config " + path, "$", aws::ErrorKind::Usage, kFixHint};
  if (!doc.is_object()) return top.wrong_type(doc, "an object");
  ConsoleSettings s;
  for (auto read : {read_refresh, read_log_groups, read_keys, read_shell})
    if (auto r = read(doc, top, s); !r) return r.error();
  return s;
}

aws::Result<ConsoleSettings> load_console_settings(const std::string& path) {
  if (path.empty()) return ConsoleSettings{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConsoleSettings{};  // app/config.cpp reports a missing explicit file
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_console_settings(ss.str(), path);
}

}  // namespace opsdeck::app
