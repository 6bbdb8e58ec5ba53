#include "app/ssm/connect_method.hpp"

#include <algorithm>

#include "aws/ec2.hpp"
#include "aws/ssm.hpp"

namespace opsdeck::app {

namespace {

bool has_alias(const ConnectPrefs& p, const std::string& name) {
  return !name.empty() &&
         std::find(p.ssh_aliases.begin(), p.ssh_aliases.end(), name) != p.ssh_aliases.end();
}

ConnectDecision via_ssh(const ConnectFacts& f, const ConnectPrefs& p, const std::string& why) {
  for (const auto& alias : {f.name, f.instance_id})
    if (has_alias(p, alias))
      return {ConnectVia::Ssh, alias, why + "; ssh_config has Host " + alias};
  const std::string& first = p.prefer_private_ip ? f.private_ip : f.public_ip;
  const std::string& second = p.prefer_private_ip ? f.public_ip : f.private_ip;
  const std::string& ip = !first.empty() ? first : second;
  if (ip.empty()) return {ConnectVia::None, "", why + "; and it has no IP address for SSH"};
  const char* kind = ip == f.public_ip ? "public" : "private";
  return {ConnectVia::Ssh, p.ssh_user + "@" + ip, why + "; SSH to its " + kind + " IP"};
}

}  // namespace

const char* to_string(ConnectVia via) {
  switch (via) {
    case ConnectVia::Ssm:
      return "ssm";
    case ConnectVia::Ssh:
      return "ssh";
    case ConnectVia::None:
      return "none";
  }
  return "none";
}

ConnectOverride parse_connect_override(const std::string& text) {
  if (text == "ssm") return ConnectOverride::Ssm;
  if (text == "ssh") return ConnectOverride::Ssh;
  return ConnectOverride::Auto;
}

ConnectDecision decide_connect(const ConnectFacts& f, const ConnectPrefs& p) {
  if (!f.state.empty() && f.state != "running")
    return {ConnectVia::None, "", "instance " + f.instance_id + " is " + f.state + ", not running"};
  const bool online = f.ssm_ping == "Online";
  if (p.method == ConnectOverride::Ssm)
    return {ConnectVia::Ssm, f.instance_id,
            online ? std::string("SSM chosen by the operator; agent Online")
                   : "SSM chosen by the operator, but the agent is " +
                         (f.ssm_ping.empty() ? std::string("not registered") : f.ssm_ping)};
  if (p.method == ConnectOverride::Ssh) return via_ssh(f, p, "SSH chosen by the operator");
  if (online) return {ConnectVia::Ssm, f.instance_id, "SSM agent Online"};
  std::string why = f.ssm_ping.empty() ? "not managed by SSM" : "SSM agent " + f.ssm_ping;
  if (!f.ssm_note.empty()) why += " (" + f.ssm_note + ")";
  return via_ssh(f, p, why);
}

namespace {

std::string ssm_unknown(const aws::Error& e) {
  return "SSM status unknown: " + (e.code.empty() ? e.message : e.code);
}

}  // namespace

void gather_connect_facts_async(const aws::AsyncCaller& call, const std::string& instance_id,
                                std::function<void(aws::Result<ConnectFacts>)> done) {
  aws::DescribeInstancesInput in;
  in.instance_ids = {instance_id};
  aws::describe_instances_async(
      call, in, [call, instance_id, done](aws::Result<std::vector<aws::Ec2Instance>> found) {
        if (!found) return done(found.error());
        if (found->empty())
          return done(aws::make_error(aws::ErrorKind::NotFound, "no instance " + instance_id));
        const auto& i = found->front();
        ConnectFacts f{i.id, i.name, i.state, i.public_ip, i.private_ip, {}, {}};
        call(aws::describe_instance_information_request({instance_id}),
             [f, instance_id, done](aws::Result<aws::HttpResponse> r) mutable {
               if (!r) {
                 f.ssm_note = ssm_unknown(r.error());
               } else if (auto info = aws::parse_describe_instance_information(r->body, nullptr);
                          !info) {
                 f.ssm_note = ssm_unknown(info.error());
               } else {
                 for (const auto& m : *info)
                   if (m.instance_id == instance_id) f.ssm_ping = m.ping_status;
               }
               done(std::move(f));
             });
      });
}

aws::Result<ConnectFacts> gather_connect_facts(const aws::SyncCaller& call,
                                               const std::string& instance_id) {
  aws::DescribeInstancesInput in;
  in.instance_ids = {instance_id};
  auto found = aws::describe_instances(call, in);
  if (!found) return found.error();
  if (found->empty())
    return aws::make_error(aws::ErrorKind::NotFound, "no instance " + instance_id);
  const auto& i = found->front();
  ConnectFacts f{i.id, i.name, i.state, i.public_ip, i.private_ip, {}, {}};
  auto info = aws::describe_instance_information(call, {instance_id});
  if (!info) {
    f.ssm_note = "SSM status unknown: " +
                 (info.error().code.empty() ? info.error().message : info.error().code);
  } else {
    for (const auto& m : *info)
      if (m.instance_id == instance_id) f.ssm_ping = m.ping_status;
  }
  return f;
}

aws::Result<ConnectDecision> resolve_connect(const aws::SyncCaller& call,
                                             const std::string& instance_id,
                                             const ConnectPrefs& prefs) {
  auto facts = gather_connect_facts(call, instance_id);
  if (!facts) return facts.error();
  return decide_connect(*facts, prefs);
}

}  // namespace opsdeck::app
