#include "app/config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace opsdeck::app {

namespace {

using nlohmann::json;

std::string home_dir() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : "/tmp";
}

aws::Error config_error(const std::string& where, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, "config " + where + ": " + what,
                         "fix the file or point --config at another one");
}

// Reads an optional string member; a wrong type is an error naming the JSON path.
bool get_string(const json& obj, const char* key, std::string& out, const std::string& at,
                std::string& err) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    err = at + "." + key + ": expected a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool get_string_map(const json& obj, const char* key, std::map<std::string, std::string>& out,
                    const std::string& at, std::string& err) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_object()) {
    err = at + "." + key + ": expected an object of strings";
    return false;
  }
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string() && !v.is_number() && !v.is_boolean()) {
      err = at + "." + key + "." + k + ": expected a string";
      return false;
    }
    out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return true;
}

}  // namespace

const EnvironmentConfig* Config::find_environment(const std::string& name) const {
  auto it = environments.find(name);
  return it == environments.end() ? nullptr : &it->second;
}

bool name_says_production(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  return n == "prd" || n == "live" || n.find("prod") != std::string::npos;
}

std::string default_config_path() {
  const char* x = std::getenv("XDG_CONFIG_HOME");
  std::string base = x && *x ? x : home_dir() + "/.config";
  return base + "/opsdeck/config.json";
}

std::string state_directory() {
  const char* x = std::getenv("XDG_STATE_HOME");
  std::string base = x && *x ? x : home_dir() + "/.local/state";
  return base + "/opsdeck";
}

aws::Result<Config> parse_config(std::string_view text, const std::string& path) {
  json doc;
  try {
    doc = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    byte = std::min(byte, text.size());
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
    size_t bol = text.rfind('\n', byte == 0 ? 0 : byte - 1);
    size_t col = bol == std::string_view::npos ? byte + 1 : byte - bol;
    std::string msg = e.what();
    auto pos = msg.find("syntax error");
    return config_error(path + ":" + std::to_string(line) + ":" + std::to_string(col),
                        pos == std::string::npos ? msg : msg.substr(pos));
  }
  if (!doc.is_object()) return config_error(path, "the top level must be a JSON object");
  Config cfg;
  cfg.path = path;
  std::string err;
  if (!get_string(doc, "default_environment", cfg.default_environment, "$", err))
    return config_error(path, err);
  if (auto it = doc.find("environments"); it != doc.end()) {
    if (!it->is_object()) return config_error(path, "$.environments: expected an object");
    for (const auto& [name, e] : it->items()) {
      std::string at = "$.environments." + name;
      if (!e.is_object()) return config_error(path, at + ": expected an object");
      EnvironmentConfig env;
      env.name = name;
      env.production = name_says_production(name);
      if (auto p = e.find("production"); p != e.end()) {
        if (!p->is_boolean()) return config_error(path, at + ".production: expected true or false");
        env.production = p->get<bool>();
      }
      if (!get_string(e, "profile", env.profile, at, err) ||
          !get_string(e, "region", env.region, at, err) ||
          !get_string(e, "endpoint_url", env.endpoint_url, at, err) ||
          !get_string(e, "account_id", env.account_id, at, err) ||
          !get_string_map(e, "vars", env.vars, at, err))
        return config_error(path, err);
      if (!env.account_id.empty() &&
          (env.account_id.size() != 12 || env.account_id.find_first_not_of("0123456789") != std::string::npos))
        return config_error(path, at + ".account_id: expected the 12-digit AWS account id, got '" + env.account_id + "'");
      cfg.environments[name] = std::move(env);
    }
  }
  if (auto it = doc.find("runbooks"); it != doc.end()) {
    if (!it->is_object()) return config_error(path, "$.runbooks: expected an object");
    if (auto p = it->find("destructive_patterns"); p != it->end()) {
      if (!p->is_array()) return config_error(path, "$.runbooks.destructive_patterns: expected an array of strings");
      for (const auto& v : *p) {
        if (!v.is_string()) return config_error(path, "$.runbooks.destructive_patterns: expected strings");
        cfg.runbooks.destructive_patterns.push_back(v.get<std::string>());
      }
    }
    if (!get_string_map(*it, "vars", cfg.runbooks.vars, "$.runbooks", err)) return config_error(path, err);
    for (auto [key, out] : {std::pair{"secret_names", &cfg.runbooks.secret_names}}) {
      auto p = it->find(key);
      if (p == it->end() || p->is_null()) continue;
      if (!p->is_array()) return config_error(path, std::string("$.runbooks.") + key + ": expected an array of strings");
      for (const auto& v : *p) {
        if (!v.is_string()) return config_error(path, std::string("$.runbooks.") + key + ": expected strings");
        out->push_back(v.get<std::string>());
      }
    }
  }
  if (!cfg.default_environment.empty() && !cfg.environments.empty() &&
      !cfg.find_environment(cfg.default_environment))
    return config_error(path, "$.default_environment: no environment called '" + cfg.default_environment + "'");
  return cfg;
}

aws::Result<Config> load_config(const std::string& explicit_path) {
  std::string path = explicit_path.empty() ? default_config_path() : explicit_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (explicit_path.empty() && !std::filesystem::exists(path)) return Config{};
    return config_error(path, std::string("cannot read: ") + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path);
}

aws::Result<EnvironmentConfig> resolve_environment(const Config& config, const std::string& name) {
  std::string wanted = name.empty() ? config.default_environment : name;
  if (wanted.empty()) {
    EnvironmentConfig env;
    env.name = "default";
    return env;
  }
  if (const auto* e = config.find_environment(wanted)) return *e;
  if (!config.environments.empty()) {
    std::string known;
    for (const auto& [n, _] : config.environments) known += (known.empty() ? "" : ", ") + n;
    return aws::make_error(aws::ErrorKind::Usage, "unknown environment '" + wanted + "'",
                           "environments in " + config.path + ": " + known);
  }
  EnvironmentConfig env;
  env.name = wanted;
  env.production = name_says_production(wanted);
  return env;
}

}  // namespace opsdeck::app
