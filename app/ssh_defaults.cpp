#include "app/ssh_defaults.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace opsdeck::app {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::filesystem::path home() {
  if (auto h = env("HOME"); !h.empty()) return h;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_dir;
  return "/";
}

std::string local_user() {
  if (passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return env("USER");
}

}  // namespace

std::filesystem::path ssh_config_path() {
  if (auto p = env("OPSDECK_SSH_CONFIG"); !p.empty()) return p;
  return home() / ".ssh" / "config";
}

ssh::SshConfig load_ssh_config() {
  ssh::SshConfigContext ctx;
  ctx.home = home().string();
  ctx.local_user = local_user();
  return ssh::SshConfig::load(ssh_config_path(), ctx);
}

ssh::KnownHostsFiles known_hosts_files(const ssh::HostSettings& host) {
  ssh::KnownHostsFiles f;
  if (auto p = env("OPSDECK_KNOWN_HOSTS"); !p.empty()) {
    f.user.emplace_back(p);
  } else if (host.user_known_hosts_files) {
    for (const auto& p2 : *host.user_known_hosts_files) f.user.emplace_back(p2);
  } else {
    f.user = {home() / ".ssh" / "known_hosts", home() / ".ssh" / "known_hosts2"};
  }
  if (host.global_known_hosts_files) {
    for (const auto& p : *host.global_known_hosts_files) f.global.emplace_back(p);
  } else {
    f.global = {"/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"};
  }
  return f;
}

ssh::SshClientOptions ssh_client_options(const ssh::HostSettings& host) {
  ssh::SshClientOptions o;
  auto files = known_hosts_files(host);
  o.known_hosts_file = files.user.empty() ? std::filesystem::path("/dev/null") : files.user.front();
  for (size_t i = 1; i < files.user.size(); ++i) o.other_known_hosts_files.push_back(files.user[i]);
  o.other_known_hosts_files.insert(o.other_known_hosts_files.end(), files.global.begin(), files.global.end());
  o.agent_socket = env("SSH_AUTH_SOCK");
  for (const char* k : {"id_ed25519", "id_ecdsa", "id_rsa"}) o.default_identity_files.push_back((home() / ".ssh" / k).string());
  o.local_user = local_user();
  return o;
}

}  // namespace opsdeck::app
