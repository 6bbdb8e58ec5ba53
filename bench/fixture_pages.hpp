#pragma once
// Responses of account size, made from the captured ones in tests/unit/fixtures so they have
// AWS's real shape: a DescribeInstances page repeats the captured reservation once per
// instance, each with its own id (fixture_instance_id) and Name tag ("svc-00042-api").
// Plain functions of their arguments; benchmarks only, header-only (every .cpp in bench/ is
// a program).

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace opsdeck::bench {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/fixtures/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string fixture_instance_id(int i) { return fmt::format("i-{:017x}", 0x10000 + i); }

// Instances first .. first+count-1 in one DescribeInstances page; next_token ("" for the
// last page) is the page's <nextToken>.
inline std::string describe_instances_page(int first, int count, const std::string& next_token) {
  static const std::string doc = fixture("ec2_DescribeInstances.xml");
  const auto set_open = doc.find("<reservationSet>");
  const auto item_at = doc.find("<item>", set_open);
  const auto set_close = doc.find("</reservationSet>");
  // The reservation item ends where the next reservation item starts (or the set closes).
  const auto next = doc.find("<item><reservationId>", item_at + 6);
  const auto end = next != std::string::npos && next < set_close ? next : set_close;
  const std::string item = doc.substr(item_at, end - item_at);
  const auto id_at = item.find("<instanceId>") + 12;
  const std::string id = item.substr(id_at, item.find("</instanceId>") - id_at);
  std::string body = doc.substr(0, item_at);
  for (int i = first; i < first + count; ++i) {
    std::string copy = item;
    const std::string new_id = fixture_instance_id(i);
    for (auto p = copy.find(id); p != std::string::npos; p = copy.find(id, p + new_id.size()))
      copy.replace(p, id.size(), new_id);
    if (auto v = copy.find("<key>Name</key><value>"); v != std::string::npos) {
      v += 22;
      copy.replace(v, copy.find("</value>", v) - v, fmt::format("svc-{:05d}-api", i));
    }
    body += copy;
  }
  std::string tail = doc.substr(set_close);
  if (!next_token.empty()) tail.insert(tail.find("</reservationSet>") + 17, "<nextToken>" + next_token + "</nextToken>");
  return body + tail;
}

}  // namespace opsdeck::bench
