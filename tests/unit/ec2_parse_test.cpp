#include <gtest/gtest.h>

#include <algorithm>

#include "aws/ec2.hpp"
#include "aws/ec2_security_groups.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::aws {
namespace {

using testing::captured;

const Ec2Instance* by_name(const std::vector<Ec2Instance>& v, const std::string& name) {
  auto it = std::find_if(v.begin(), v.end(), [&](auto& i) { return i.name == name; });
  return it == v.end() ? nullptr : &*it;
}

TEST(Ec2Parse, DescribeInstancesFromMoto) {
  auto page = parse_describe_instances(captured("ec2_DescribeInstances.xml"));
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->instances.size(), 4u);
  EXPECT_TRUE(page->next_token.empty());
  const auto* web = by_name(page->instances, "web 1");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->state, "running");
  EXPECT_EQ(web->type, "t3.micro");
  EXPECT_EQ(web->id.rfind("i-", 0), 0u);
  EXPECT_FALSE(web->private_ip.empty());
  EXPECT_EQ(web->az, "us-east-1a");
  EXPECT_FALSE(web->launch_time.empty());
  EXPECT_EQ(web->tags.at("env"), "prod");
  EXPECT_EQ(web->security_group_ids.size(), 1u);
  EXPECT_NE(by_name(page->instances, "api-ünïcødé ✓"), nullptr);
  EXPECT_NE(by_name(page->instances, "a+b&c=d*e~f/g"), nullptr);
  EXPECT_EQ(by_name(page->instances, "worker")->state, "stopped");
  // The raw document keeps everything for the detail view, with lists as arrays.
  const nlohmann::json& raw = web->raw.get();
  EXPECT_EQ(raw["instanceId"], web->id);
  ASSERT_TRUE(raw["tagSet"].is_array());
  EXPECT_EQ(raw["tagSet"].size(), 2u);
}

TEST(Ec2Parse, EmptyPageWithTokenAndMissingFields) {
  auto page = parse_describe_instances(
      R"(<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
         <requestId>r</requestId><reservationSet/><nextToken>tok-2</nextToken>
         </DescribeInstancesResponse>)");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->instances.empty());
  EXPECT_EQ(page->next_token, "tok-2");

  auto bare = parse_describe_instances(
      R"(<DescribeInstancesResponse><reservationSet><item><instancesSet><item>
         <instanceId>i-1</instanceId></item></instancesSet></item></reservationSet>
         </DescribeInstancesResponse>)");
  ASSERT_TRUE(bare.ok());
  ASSERT_EQ(bare->instances.size(), 1u);
  EXPECT_EQ(bare->instances[0].id, "i-1");
  EXPECT_EQ(bare->instances[0].name, "");
  EXPECT_EQ(bare->instances[0].public_ip, "");
  EXPECT_TRUE(bare->instances[0].tags.empty());
}

TEST(Ec2Parse, RejectsHtmlTruncatedAndForeignDocuments) {
  auto html = parse_describe_instances("<html><body>Bad gateway</body></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().kind, ErrorKind::Parse);
  EXPECT_EQ(html.error().operation, "ec2:DescribeInstances");
  auto cut = parse_describe_instances(captured("ec2_DescribeInstances.xml").substr(0, 700));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().kind, ErrorKind::Parse);
  EXPECT_FALSE(parse_describe_instances("").ok());
  EXPECT_FALSE(parse_describe_instances("<Other/>").ok());
}

TEST(Ec2Parse, PaginationFollowsTokenThroughEmptyPages) {
  testing::ScriptedCaller sc;
  auto empty_with_token = std::string(
      "<DescribeInstancesResponse><reservationSet/><nextToken>t1</nextToken></DescribeInstancesResponse>");
  sc.bodies["ec2:DescribeInstances"] = {empty_with_token, captured("ec2_DescribeInstances.xml")};
  DescribeInstancesInput in;
  in.filters = {{"tag:env", {"prod"}}};
  in.max_results = 5;
  auto all = describe_instances(sc.caller(), in);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 4u);
  ASSERT_EQ(sc.seen.size(), 2u);
  auto has = [](const QueryParams& p, const std::string& k, const std::string& v) {
    return std::find(p.begin(), p.end(), std::pair<std::string, std::string>{k, v}) != p.end();
  };
  EXPECT_TRUE(has(sc.seen[0].params, "Filter.1.Name", "tag:env"));
  EXPECT_TRUE(has(sc.seen[0].params, "Filter.1.Value.1", "prod"));
  EXPECT_TRUE(has(sc.seen[0].params, "MaxResults", "5"));
  EXPECT_FALSE(has(sc.seen[0].params, "NextToken", "t1"));
  EXPECT_TRUE(has(sc.seen[1].params, "NextToken", "t1"));
}

TEST(Ec2Parse, AsyncPaginationDeliversOnce) {
  testing::ScriptedCaller sc;
  sc.bodies["ec2:DescribeInstances"] = {
      "<DescribeInstancesResponse><reservationSet/><nextToken>a</nextToken></DescribeInstancesResponse>",
      captured("ec2_DescribeInstances.xml")};
  int calls = 0;
  size_t got = 0;
  describe_instances_async(sc.async_caller(), {}, [&](Result<std::vector<Ec2Instance>> r) {
    ++calls;
    ASSERT_TRUE(r.ok());
    got = r->size();
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got, 4u);
}

TEST(Ec2Parse, InstanceStatusAndStateChanges) {
  std::string token = "x";
  auto st = parse_describe_instance_status(captured("ec2_DescribeInstanceStatus.xml"), &token);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->size(), 4u);
  EXPECT_TRUE(token.empty());
  auto stopped = parse_instance_state_changes(captured("ec2_StopInstances.xml"));
  ASSERT_TRUE(stopped.ok());
  ASSERT_EQ(stopped->size(), 1u);
  EXPECT_EQ((*stopped)[0].previous_state, "running");
  EXPECT_EQ(stop_instances_request({"i-1", "i-2"}).params,
            (QueryParams{{"InstanceId.1", "i-1"}, {"InstanceId.2", "i-2"}}));
}

TEST(Ec2SecurityGroups, FindingsFromMoto) {
  auto groups = parse_describe_security_groups(captured("ec2_DescribeSecurityGroups.xml"), nullptr);
  ASSERT_TRUE(groups.ok());
  std::vector<int> open_ports;
  for (const auto& g : *groups) {
    if (g.name == "open-ssh")
      for (const auto& f : g.findings) open_ports.push_back(f.port);
    if (g.name == "internal" || g.name == "default") {
      EXPECT_TRUE(g.findings.empty()) << g.name;
    }
  }
  std::sort(open_ports.begin(), open_ports.end());
  // 22 directly; 3000-6000 from ::/0 reaches 3306, 3389 and 5432 but not 6379; 443 is fine.
  EXPECT_EQ(open_ports, (std::vector<int>{22, 3306, 3389, 5432}));
}

TEST(Ec2SecurityGroups, AllTrafficAndPortlessRules) {
  SecurityGroup g;
  g.id = "sg-1";
  g.name = "wide";
  g.ingress.push_back({"-1", -1, -1, {"::/0"}, {}});
  EXPECT_EQ(open_port_findings(g).size(), sensitive_ports().size());
  g.ingress = {{"udp", 0, 65535, {"0.0.0.0/0"}, {}}};
  EXPECT_TRUE(open_port_findings(g).empty());
  g.ingress = {{"tcp", 6379, 6379, {"0.0.0.0/0", "10.0.0.0/8"}, {}}};
  auto f = open_port_findings(g);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].describe(), "sg-1 (wide): 6379/tcp open to 0.0.0.0/0");
  g.ingress = {{"tcp", 22, 22, {"0.0.0.1/0"}, {}}};
  EXPECT_TRUE(open_port_findings(g).empty());
}

}  // namespace
}  // namespace opsdeck::aws
