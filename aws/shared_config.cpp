#include "aws/shared_config.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

namespace opsdeck::aws {

namespace {

Result<IniFile> load_ini(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IniFile{};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_ini(ss.str(), path);
}

}  // namespace

std::string home_dir(const EnvLookup& env) {
  if (auto h = env("HOME"); h && !h->empty()) return *h;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_dir;
  return ".";
}

Result<SharedConfig> SharedConfig::load(const EnvLookup& env) {
  SharedConfig c;
  std::string home = home_dir(env);
  auto cp = env("AWS_SHARED_CREDENTIALS_FILE");
  auto fp = env("AWS_CONFIG_FILE");
  c.credentials_path = cp && !cp->empty() ? *cp : home + "/.aws/credentials";
  c.config_path = fp && !fp->empty() ? *fp : home + "/.aws/config";
  auto creds = load_ini(c.credentials_path);
  if (!creds) return creds.error();
  auto conf = load_ini(c.config_path);
  if (!conf) return conf.error();
  c.credentials_ = std::move(*creds);
  c.config_ = std::move(*conf);
  return c;
}

SharedConfig SharedConfig::from_text(std::string_view credentials, std::string_view config) {
  SharedConfig c;
  if (auto r = parse_ini(credentials, "credentials")) c.credentials_ = std::move(*r);
  if (auto r = parse_ini(config, "config")) c.config_ = std::move(*r);
  return c;
}

std::optional<IniSection> SharedConfig::profile(const std::string& name) const {
  const IniSection* conf = config_.section("profile " + name);
  if (!conf && name == "default") conf = config_.section("default");
  const IniSection* cred = credentials_.section(name);
  if (!conf && !cred) return std::nullopt;
  IniSection out;
  if (conf) out = *conf;
  if (cred)
    for (const auto& [k, v] : *cred) out[k] = v;
  return out;
}

std::vector<std::string> SharedConfig::profile_names() const {
  std::set<std::string> names;
  for (const auto& [section, _] : credentials_.sections) names.insert(section);
  for (const auto& [section, _] : config_.sections) {
    if (section == "default")
      names.insert(section);
    else if (section.rfind("profile ", 0) == 0 && section.size() > 8)
      names.insert(section.substr(8));
  }
  return {names.begin(), names.end()};
}

std::optional<IniSection> SharedConfig::sso_session(const std::string& name) const {
  if (const IniSection* s = config_.section("sso-session " + name)) return *s;
  return std::nullopt;
}

std::string effective_profile(const std::string& flag, const EnvLookup& env) {
  if (!flag.empty()) return flag;
  if (auto p = env("AWS_PROFILE"); p && !p->empty()) return *p;
  if (auto p = env("AWS_DEFAULT_PROFILE"); p && !p->empty()) return *p;
  return "default";
}

std::string resolve_region(const std::string& flag, const EnvLookup& env, const SharedConfig* config,
                           const std::string& profile) {
  if (!flag.empty()) return flag;
  if (auto r = env("AWS_REGION"); r && !r->empty()) return *r;
  if (auto r = env("AWS_DEFAULT_REGION"); r && !r->empty()) return *r;
  if (config) {
    if (auto p = config->profile(profile)) {
      if (auto it = p->find("region"); it != p->end()) return it->second;
    }
  }
  return {};
}

}  // namespace opsdeck::aws
