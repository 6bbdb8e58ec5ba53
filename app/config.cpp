#include "app/config.hpp"

#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using nlohmann::json;

// $HOME, else the account's home directory from the password database. Never a shared
// directory such as /tmp: the state directory holds the audit log and runbook progress.
std::string home_dir() {
  const char* h = std::getenv("HOME");
  if (h && *h) return h;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir && *pw->pw_dir) return pw->pw_dir;
  return ".";
}

constexpr const char* kFixHint = "fix the file or point --config at another one";

aws::Error config_error(const std::string& where, const std::string& what) {
  return aws::make_error(aws::ErrorKind::Usage, "config " + where + ": " + what, kFixHint);
}

// An optional object of strings; numbers and booleans are taken as their text.
aws::Result<void> read_string_map(const json& obj, const char* key, const aws::JsonPlace& at,
                                  std::map<std::string, std::string>& out) {
  const json* m = aws::jfield(obj, key);
  if (!m || m->is_null()) return {};
  const aws::JsonPlace here = at.member(key);
  if (!m->is_object()) return here.wrong_type(*m, "an object of strings");
  for (const auto& [k, v] : m->items()) {
    if (v.is_string()) out[k] = aws::jstr(*m, k.c_str());
    else if (v.is_number() || v.is_boolean()) out[k] = v.dump();
    else return here.member(k).wrong_type(v, "a string");
  }
  return {};
}

aws::Result<EnvironmentConfig> read_environment(const std::string& name, const json& e, const aws::JsonPlace& at) {
  if (!e.is_object()) return at.wrong_type(e, "an object");
  EnvironmentConfig env;
  env.name = name;
  auto production = aws::optional_bool(e, "production", at, name_says_production(name));
  if (!production) return production.error();
  env.production = *production;
  for (auto [key, out] : {std::pair{"profile", &env.profile}, std::pair{"region", &env.region},
                          std::pair{"endpoint_url", &env.endpoint_url}, std::pair{"account_id", &env.account_id}}) {
    auto v = aws::optional_string(e, key, at);
    if (!v) return v.error();
    *out = std::move(*v);
  }
  if (auto vars = read_string_map(e, "vars", at, env.vars); !vars) return vars.error();
  if (!env.account_id.empty() &&
      (env.account_id.size() != 12 || env.account_id.find_first_not_of("0123456789") != std::string::npos))
    return at.error(at.path + ".account_id: expected the 12-digit AWS account id, got '" + env.account_id + "'");
  return env;
}

aws::Result<void> read_runbooks(const json& doc, const aws::JsonPlace& top, RunbookSettings& out) {
  const json* rb = aws::jfield(doc, "runbooks");
  if (!rb || rb->is_null()) return {};
  const aws::JsonPlace at = top.member("runbooks");
  if (!rb->is_object()) return at.wrong_type(*rb, "an object");
  auto patterns = aws::optional_strings(*rb, "destructive_patterns", at);
  if (!patterns) return patterns.error();
  out.destructive_patterns = std::move(*patterns);
  if (auto vars = read_string_map(*rb, "vars", at, out.vars); !vars) return vars.error();
  auto secrets = aws::optional_strings(*rb, "secret_names", at);
  if (!secrets) return secrets.error();
  out.secret_names = std::move(*secrets);
  return {};
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
  auto parsed = aws::parse_config_json(text, path);
  if (!parsed) {
    aws::Error e = parsed.error();
    e.hint = kFixHint;
    return e;
  }
  const json& doc = *parsed;
  if (!doc.is_object()) return config_error(path, "the top level must be a JSON object");
  // Messages name the file and the JSON path: "config c.json: $.environments.prod.region is ...".
  const aws::JsonPlace top{"config " + path, "$", aws::ErrorKind::Usage, kFixHint};
  Config cfg;
  cfg.path = path;
  auto def = aws::optional_string(doc, "default_environment", top);
  if (!def) return def.error();
  cfg.default_environment = std::move(*def);
  if (const json* envs = aws::jfield(doc, "environments"); envs && !envs->is_null()) {
    const aws::JsonPlace at = top.member("environments");
    if (!envs->is_object()) return at.wrong_type(*envs, "an object");
    for (const auto& [name, e] : envs->items()) {
      auto env = read_environment(name, e, at.member(name));
      if (!env) return env.error();
      cfg.environments[name] = std::move(*env);
    }
  }
  if (auto rb = read_runbooks(doc, top, cfg.runbooks); !rb) return rb.error();
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
