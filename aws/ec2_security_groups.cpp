#include "aws/ec2_security_groups.hpp"

#include <fmt/format.h>

#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

namespace {

std::vector<SecurityGroupRule> parse_rules(pugi::xml_node set) {
  std::vector<SecurityGroupRule> rules;
  for (auto p : set.children("item")) {
    SecurityGroupRule r;
    r.protocol = text_at(p, "ipProtocol");
    r.from_port = static_cast<int>(int_at(p, "fromPort", -1));
    r.to_port = static_cast<int>(int_at(p, "toPort", -1));
    for (auto c : p.child("ipRanges").children("item")) r.cidrs.emplace_back(text_at(c, "cidrIp"));
    for (auto c : p.child("ipv6Ranges").children("item"))
      r.cidrs.emplace_back(text_at(c, "cidrIpv6"));
    for (auto g : p.child("groups").children("item"))
      r.source_groups.emplace_back(text_at(g, "groupId"));
    rules.push_back(std::move(r));
  }
  return rules;
}

bool reaches(const SecurityGroupRule& r, int port) {
  if (r.protocol == "-1" || r.protocol == "all") return true;
  if (r.protocol != "tcp" && r.protocol != "6") return false;
  if (r.from_port < 0 && r.to_port < 0) return true;  // tcp without ports: all of them
  int lo = r.from_port < 0 ? 0 : r.from_port;
  int hi = r.to_port < 0 ? 65535 : r.to_port;
  return lo <= port && port <= hi;
}

}  // namespace

std::string OpenPortFinding::describe() const {
  return fmt::format("{} ({}): {}/{} open to {}", group_id, group_name, port,
                     protocol == "-1" ? "all" : protocol, cidr);
}

const std::vector<int>& sensitive_ports() {
  static const std::vector<int> ports{22, 3389, 5432, 3306, 6379};
  return ports;
}

std::vector<OpenPortFinding> open_port_findings(const SecurityGroup& group) {
  std::vector<OpenPortFinding> out;
  for (const auto& rule : group.ingress)
    for (const auto& cidr : rule.cidrs) {
      if (cidr != "0.0.0.0/0" && cidr != "::/0") continue;
      for (int port : sensitive_ports())
        if (reaches(rule, port)) out.push_back({group.id, group.name, cidr, port, rule.protocol});
    }
  return out;
}

AwsRequest describe_security_groups_request(const std::vector<std::string>& group_ids,
                                            const std::vector<NameValues>& filters) {
  AwsRequest r;
  r.service = &services::ec2;
  r.operation = "DescribeSecurityGroups";
  add_ec2_list(r.params, "GroupId", group_ids);
  add_ec2_filters(r.params, filters);
  return r;
}

Result<std::vector<SecurityGroup>> parse_describe_security_groups(std::string_view body,
                                                                  std::string* next_token) {
  auto doc = parse_xml(body, "ec2:DescribeSecurityGroups");
  if (!doc) return doc.error();
  std::vector<SecurityGroup> out;
  for (auto item : doc->root().child("securityGroupInfo").children("item")) {
    SecurityGroup g;
    g.id = text_at(item, "groupId");
    g.name = text_at(item, "groupName");
    g.description = text_at(item, "groupDescription");
    g.vpc_id = text_at(item, "vpcId");
    g.ingress = parse_rules(item.child("ipPermissions"));
    g.egress = parse_rules(item.child("ipPermissionsEgress"));
    g.findings = open_port_findings(g);
    auto raw = xml_to_json(item, "ec2:DescribeSecurityGroups");
    if (!raw) return raw.error();
    g.raw = std::move(*raw);
    out.push_back(std::move(g));
  }
  if (next_token) *next_token = text_at(doc->root(), "nextToken");
  return out;
}

Result<std::vector<SecurityGroup>> describe_security_groups(
    const SyncCaller& call, const std::vector<std::string>& group_ids,
    const std::vector<NameValues>& filters) {
  return paginate_sync<std::vector<SecurityGroup>>(
      call, describe_security_groups_request(group_ids, filters),
      [](const std::string& body, std::vector<SecurityGroup>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_describe_security_groups(body, &token);
        if (!page) return page.error();
        for (auto& g : *page) out.push_back(std::move(g));
        return token;
      },
      [](AwsRequest& r, const std::string& t) { set_param(r.params, "NextToken", t); });
}

}  // namespace opsdeck::aws
