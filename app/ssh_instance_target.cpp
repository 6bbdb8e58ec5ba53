#include "app/ssh_instance_target.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include "app/ssm/instance_lookup.hpp"
#include "app/ssm/connect_method.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::app {

namespace {

bool resolves_by_dns(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (res) ::freeaddrinfo(res);
  return rc == 0;
}

}  // namespace

bool wants_ec2_lookup(const ssh::HostTarget& target, const ssh::SshConfig& config) {
  if (ssh::looks_like_instance_id(target.host)) return true;
  if (config.resolve(target.host).hostname != target.host) return false;  // an alias
  return !resolves_by_dns(target.host);
}

aws::Result<ssh::HostTarget> resolve_instance_target(Session& session, ssh::HostTarget target,
                                                     const ssh::SshConfig& config,
                                                     const std::string& default_user) {
  auto call = aws::sync_caller(session.client());
  auto id = resolve_instance(call, target.host);
  if (!id) return id.error();
  ConnectPrefs prefs;
  prefs.method = ConnectOverride::Ssh;
  prefs.ssh_user = target.user.empty() ? default_user : target.user;
  if (config.resolve(*id).hostname != *id) prefs.ssh_aliases.push_back(*id);  // an ssh_config Host wins
  auto decision = resolve_connect(call, *id, prefs);
  if (!decision) return decision.error();
  if (decision->via != ConnectVia::Ssh)
    return aws::make_error(aws::ErrorKind::Usage,
                           "cannot reach " + *id + " over SSH: " + decision->reason,
                           "start the instance, or use `opsdeck ssm session " + *id + "`");
  auto resolved = ssh::parse_host_target(decision->target);
  if (!resolved) return resolved.error();
  if (resolved->user.empty()) resolved->user = target.user;  // an alias: ssh_config's User unless given
  if (target.port) resolved->port = target.port;
  return *resolved;
}

}  // namespace opsdeck::app
