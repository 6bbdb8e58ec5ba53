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

aws::Result<void> read_ssm(const json& doc, const aws::JsonPlace& top, SsmSettings& out) {
  const json* ssm = aws::jfield(doc, "ssm");
  if (!ssm || ssm->is_null()) return {};
  const aws::JsonPlace at = top.member("ssm");
  if (!ssm->is_object()) return at.wrong_type(*ssm, "an object");
  auto client = aws::optional_string(*ssm, "client", at);
  if (!client) return client.error();
  if (*client == "plugin")
    out.client = SsmSettings::Client::Plugin;
  else if (client->empty() || *client == "native")
    out.client = SsmSettings::Client::Native;
  else
    return at.error(at.path + ".client: expected \"native\" or \"plugin\", got '" + *client + "'");
  auto bastion = aws::optional_string(*ssm, "bastion", at);
  if (!bastion) return bastion.error();
  out.bastion = std::move(*bastion);
  return {};
}

// One member entry of a fleet: one FleetMember per region it names.
aws::Result<void> read_fleet_member(const json& m, const aws::JsonPlace& at,
                                    const std::map<std::string, EnvironmentConfig>& envs,
                                    std::vector<FleetMember>& out) {
  if (!m.is_object()) return at.wrong_type(m, "an object");
  FleetMember base;
  auto env_name = aws::optional_string(m, "environment", at);
  if (!env_name) return env_name.error();
  auto profile = aws::optional_string(m, "profile", at);
  if (!profile) return profile.error();
  if (!env_name->empty() && !profile->empty())
    return at.error(at.path + ": give \"profile\" or \"environment\", not both");
  if (!env_name->empty()) {
    auto e = envs.find(*env_name);
    if (e == envs.end()) {
      std::string known;
      for (const auto& [n, _] : envs) known += (known.empty() ? "" : ", ") + n;
      return at.error(at.path + ".environment: no environment called '" + *env_name + "'" +
                      (known.empty() ? std::string(" ($.environments is empty)") : " (known: " + known + ")"));
    }
    base.environment = *env_name;
    base.profile = e->second.profile;
    base.region = e->second.region;
    base.endpoint_url = e->second.endpoint_url;
    base.production = e->second.production;
    base.account_id = e->second.account_id;
  } else {
    base.profile = *profile;
    base.production = name_says_production(*profile);
  }
  for (auto [key, field] : {std::pair{"endpoint_url", &base.endpoint_url}, std::pair{"account_id", &base.account_id}}) {
    auto v = aws::optional_string(m, key, at, *field);
    if (!v) return v.error();
    *field = std::move(*v);
  }
  auto production = aws::optional_bool(m, "production", at, base.production);
  if (!production) return production.error();
  base.production = *production;
  if (!base.account_id.empty() &&
      (base.account_id.size() != 12 || base.account_id.find_first_not_of("0123456789") != std::string::npos))
    return at.error(at.path + ".account_id: expected the 12-digit AWS account id, got '" + base.account_id + "'");
  auto region = aws::optional_string(m, "region", at);
  if (!region) return region.error();
  auto regions = aws::optional_strings(m, "regions", at);
  if (!regions) return regions.error();
  if (!region->empty() && !regions->empty())
    return at.error(at.path + ": give \"region\" or \"regions\", not both");
  if (!region->empty()) regions->push_back(*region);
  if (regions->empty()) regions->push_back(base.region);  // the environment's or the profile's own
  for (const auto& r : *regions) {
    if (r.empty() && m.contains("regions"))
      return at.error(at.path + ".regions: an empty region name");
    FleetMember member = base;
    member.region = r;
    for (const auto& seen : out)
      if (seen.profile == member.profile && seen.region == member.region && seen.endpoint_url == member.endpoint_url)
        return at.error(at.path + ": " + member.label() + " is already a member of this fleet");
    out.push_back(std::move(member));
  }
  return {};
}

aws::Result<void> read_fleets(const json& doc, const aws::JsonPlace& top,
                              const std::map<std::string, EnvironmentConfig>& envs, std::map<std::string, Fleet>& out) {
  const json* fleets = aws::jfield(doc, "fleets");
  if (!fleets || fleets->is_null()) return {};
  const aws::JsonPlace at = top.member("fleets");
  if (!fleets->is_object()) return at.wrong_type(*fleets, "an object");
  for (const auto& [name, f] : fleets->items()) {
    const aws::JsonPlace here = at.member(name);
    if (!f.is_object()) return here.wrong_type(f, "an object");
    Fleet fleet;
    fleet.name = name;
    auto limit = aws::optional_int(f, "max_connections_per_endpoint", here, kDefaultConnectionsPerEndpoint);
    if (!limit) return limit.error();
    if (*limit < 1 || *limit > 64)
      return here.error(here.path + ".max_connections_per_endpoint: expected 1 to 64, got " + std::to_string(*limit));
    fleet.max_connections_per_endpoint = static_cast<int>(*limit);
    const json* members = aws::jfield(f, "members");
    const aws::JsonPlace mat = here.member("members");
    if (!members || !members->is_array() || members->empty())
      return mat.error(mat.path + ": expected a list of members ({\"profile\": ..., \"regions\": [...]} or "
                                  "{\"environment\": ...})");
    for (std::size_t i = 0; i < members->size(); ++i)
      if (auto m = read_fleet_member((*members)[i], mat.element(i), envs, fleet.members); !m) return m.error();
    out[name] = std::move(fleet);
  }
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
  if (auto f = read_fleets(doc, top, cfg.environments, cfg.fleets); !f) return f.error();
  if (auto s = read_ssm(doc, top, cfg.ssm); !s) return s.error();
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
