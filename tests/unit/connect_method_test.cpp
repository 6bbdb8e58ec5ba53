// How opsdeck picks SSM or SSH for an instance (pure decision).
#include "app/ssm/connect_method.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace opsdeck
