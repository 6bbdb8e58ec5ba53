// How opsdeck picks SSM or SSH for an instance (pure decision).
#include "app/ssm/connect_method.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "tests/support/captured_response.hpp"

namespace opsdeck {
namespace {

using app::ConnectVia;

app::ConnectFacts facts(const std::string& ping, const std::string& pub = "3.1.2.3",
                        const std::string& priv = "10.0.1.7") {
  return {"i-0aaa111122223333a", "web-1", "running", pub, priv, ping, {}};
}

TEST(ConnectMethod, ManagedAndOnlineUsesSsm) {
  auto d = app::decide_connect(facts("Online"), {});
  EXPECT_EQ(d.via, ConnectVia::Ssm);
  EXPECT_EQ(d.target, "i-0aaa111122223333a");
}

TEST(ConnectMethod, NotOnlineFallsBackToSshOnPublicIp) {
  for (const char* ping : {"", "ConnectionLost", "Inactive"}) {
    auto d = app::decide_connect(facts(ping), {});
    EXPECT_EQ(d.via, ConnectVia::Ssh) << ping;
    EXPECT_EQ(d.target, "ec2-user@3.1.2.3") << ping;
  }
}

TEST(ConnectMethod, PrivateIpWhenPreferredOrNoPublic) {
  app::ConnectPrefs p;
  p.ssh_user = "ubuntu";
  EXPECT_EQ(app::decide_connect(facts("", ""), p).target, "ubuntu@10.0.1.7");
  p.prefer_private_ip = true;
  EXPECT_EQ(app::decide_connect(facts(""), p).target, "ubuntu@10.0.1.7");
}

TEST(ConnectMethod, SshConfigAliasWins) {
  app::ConnectPrefs p;
  p.ssh_aliases = {"web-1"};
  auto d = app::decide_connect(facts(""), p);
  EXPECT_EQ(d.via, ConnectVia::Ssh);
  EXPECT_EQ(d.target, "web-1");
}

TEST(ConnectMethod, OperatorOverride) {
  app::ConnectPrefs p;
  p.method = app::parse_connect_override("ssh");
  EXPECT_EQ(app::decide_connect(facts("Online"), p).via, ConnectVia::Ssh);
  p.method = app::parse_connect_override("ssm");
  auto d = app::decide_connect(facts("ConnectionLost"), p);
  EXPECT_EQ(d.via, ConnectVia::Ssm);
  EXPECT_NE(d.reason.find("ConnectionLost"), std::string::npos);
  EXPECT_EQ(app::parse_connect_override("bogus"), app::ConnectOverride::Auto);
}

TEST(ConnectMethod, NothingToConnectTo) {
  auto stopped = facts("Online");
  stopped.state = "stopped";
  EXPECT_EQ(app::decide_connect(stopped, {}).via, ConnectVia::None);
  auto d = app::decide_connect(facts("", "", ""), {});
  EXPECT_EQ(d.via, ConnectVia::None);
  EXPECT_NE(d.reason.find("no IP"), std::string::npos);
  EXPECT_STREQ(app::to_string(ConnectVia::Ssm), "ssm");
}

// The console's non-blocking lookup: DescribeInstances (a captured moto response) then
// DescribeInstanceInformation, served by an AsyncCaller that completes inline.
aws::AsyncCaller serve(bool ssm_fails) {
  return [ssm_fails](const aws::AwsRequest& r, aws::ResponseCallback done) {
    aws::HttpResponse resp;
    resp.status = 200;
    if (r.name() == "ec2:DescribeInstances") {
      resp.body = testing::captured("ec2_DescribeInstances.xml");
    } else if (ssm_fails) {
      auto e = aws::make_error(aws::ErrorKind::Aws, "not allowed");
      e.code = "AccessDeniedException";
      return done(e);
    } else {
      resp.body = R"({"InstanceInformationList":[{"InstanceId":"i-325cc7887f796548d","PingStatus":"Online"}]})";
    }
    done(resp);
  };
}

TEST(ConnectMethod, AsyncFactsFromEc2AndSsm) {
  std::optional<aws::Result<app::ConnectFacts>> got;
  app::gather_connect_facts_async(serve(false), "i-325cc7887f796548d",
                                  [&](aws::Result<app::ConnectFacts> f) { got = std::move(f); });
  ASSERT_TRUE(got && *got);
  const auto& f = **got;
  EXPECT_EQ(f.name, "web 1");
  EXPECT_EQ(f.state, "running");
  EXPECT_EQ(f.public_ip, "54.214.88.62");
  EXPECT_EQ(f.private_ip, "172.31.0.4");
  EXPECT_EQ(f.ssm_ping, "Online");
  EXPECT_EQ(app::decide_connect(f, {}).via, ConnectVia::Ssm);
}

TEST(ConnectMethod, AsyncFactsWhenSsmIsDeniedFallBackToSsh) {
  std::optional<aws::Result<app::ConnectFacts>> got;
  app::gather_connect_facts_async(serve(true), "i-325cc7887f796548d",
                                  [&](aws::Result<app::ConnectFacts> f) { got = std::move(f); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->ssm_ping, "");
  EXPECT_NE((*got)->ssm_note.find("AccessDeniedException"), std::string::npos);
  auto d = app::decide_connect(**got, {});
  EXPECT_EQ(d.via, ConnectVia::Ssh);
  EXPECT_EQ(d.target, "ec2-user@54.214.88.62");
}

}  // namespace
}  // namespace opsdeck
