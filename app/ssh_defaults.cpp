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

ssh::SshClientOptions ssh_client_options(const ssh::HostSettings& host) {
  ssh::SshClientOptions o;
  if (auto p = env("OPSDECK_KNOWN_HOSTS"); !p.empty())
    o.known_hosts_file = p;
  else if (!host.user_known_hosts_file.empty())
    o.known_hosts_file = host.user_known_hosts_file;
  else
    o.known_hosts_file = home() / ".ssh" / "known_hosts";
  o.agent_socket = env("SSH_AUTH_SOCK");
  for (const char* k : {"id_ed25519", "id_ecdsa", "id_rsa"}) o.default_identity_files.push_back((home() / ".ssh" / k).string());
  o.local_user = local_user();
  return o;
}

}  // namespace opsdeck::app
