#include <gtest/gtest.h>

#include "ssh/host_pattern.hpp"
#include "ssh/ssh_config.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck::ssh;

TEST(HostPattern, GlobsAndNegation) {
  EXPECT_TRUE(match_pattern("web-1.prod", "web-?.prod"));
  EXPECT_TRUE(match_pattern("WEB-1.Prod", "web-*"));
  EXPECT_FALSE(match_pattern("web-10.prod", "web-?.prod"));
  EXPECT_TRUE(match_pattern("", "*"));
  EXPECT_FALSE(match_pattern("a", ""));
  EXPECT_TRUE(match_pattern_list("db.prod", "*.prod,!bastion.prod"));
  EXPECT_FALSE(match_pattern_list("bastion.prod", "*.prod,!bastion.prod"));
  EXPECT_FALSE(match_pattern_list("bastion.prod", "!bastion.prod"));  // negation alone never matches
  EXPECT_TRUE(match_pattern_list("[10.0.0.1]:2222", "[10.0.0.?]:2222"));
}

namespace {
SshConfigContext ctx() { return SshConfigContext{"/home/op", "op", "/home/op/.ssh"}; }
}  // namespace

TEST(SshConfig, FirstValueWinsAndIdentityFilesAccumulate) {
  auto cfg = SshConfig::parse(R"(
# comment
Host api
  HostName %h.internal.example
  User ubuntu
  IdentityFile ~/.ssh/api_ed25519
Host api *.prod
  User root
  Port=2222
  IdentityFile "/keys/with space"
  IdentitiesOnly yes
Host *
  User nobody
  ServerAliveInterval 30
  IdentityFile ~/.ssh/id_%r@%h
)",
                              ctx());
  auto h = cfg.resolve("api");
  EXPECT_EQ(h.hostname, "api.internal.example");
  EXPECT_EQ(h.user, "ubuntu");
  EXPECT_EQ(h.port, 2222);
  EXPECT_TRUE(h.identities_only);
  EXPECT_EQ(h.server_alive_interval, 30);
  ASSERT_EQ(h.identity_files.size(), 3u);
  EXPECT_EQ(h.identity_files[0], "/home/op/.ssh/api_ed25519");
  EXPECT_EQ(h.identity_files[1], "/keys/with space");
  EXPECT_EQ(h.identity_files[2], "/home/op/.ssh/id_ubuntu@api.internal.example");

  auto other = cfg.resolve("10.1.2.3");
  EXPECT_EQ(other.hostname, "10.1.2.3");
  EXPECT_EQ(other.user, "nobody");
  EXPECT_EQ(other.port, 22);
  EXPECT_FALSE(other.identities_only);
}

TEST(SshConfig, NegatedHostPatternsAndProxyJump) {
  auto cfg = SshConfig::parse("Host *.prod !bastion.prod\n  ProxyJump ops@bastion.prod:2200\n"
                              "Host bastion.prod\n  ProxyJump none\n",
                              ctx());
  EXPECT_EQ(cfg.resolve("db.prod").proxy_jump, "ops@bastion.prod:2200");
  EXPECT_EQ(cfg.resolve("bastion.prod").proxy_jump, "");
  EXPECT_EQ(cfg.resolve("db.stage").proxy_jump, "");
}

TEST(SshConfig, MatchAllAndUnsupportedMatchCriteria) {
  auto cfg = SshConfig::parse("Match exec \"true\"\n  User fromexec\nMatch host db*\n  Port 2022\n"
                              "Match all\n  User everyone\n",
                              ctx());
  EXPECT_EQ(cfg.resolve("db1").user, "everyone");
  EXPECT_EQ(cfg.resolve("db1").port, 2022);
  EXPECT_EQ(cfg.resolve("web").port, 22);
}

TEST(SshConfig, IncludeIsFollowedAndScopedToItsBlock) {
  opsdeck::testing::TempDir dir;
  opsdeck::testing::write_file(dir.path() / "extra.conf", "User included\nHost other\n  Port 2000\n");
  SshConfigContext c = ctx();
  c.include_base = dir.path();
  auto cfg = SshConfig::parse("Host web\n  Include extra.conf\n  Port 1000\nHost *\n  User fallback\n", c);
  EXPECT_EQ(cfg.resolve("web").user, "included");
  EXPECT_EQ(cfg.resolve("web").port, 1000);  // after the Include, still inside "Host web"
  EXPECT_EQ(cfg.resolve("other").port, 2000);
  EXPECT_EQ(cfg.resolve("other").user, "fallback");
}

TEST(SshConfig, BadLinesAreWarningsNotFailures) {
  auto cfg = SshConfig::parse("Host\nPort\nPort abc\n", ctx());
  EXPECT_EQ(cfg.warnings().size(), 2u);
  EXPECT_EQ(cfg.resolve("x").port, 22);
}

TEST(SshConfig, SplitsQuotedAndEqualsForms) {
  auto w = split_config_line("  IdentityFile = \"a b\" c");
  ASSERT_TRUE(w);
  ASSERT_EQ(w->size(), 3u);
  EXPECT_EQ((*w)[1], "a b");
  EXPECT_EQ((*w)[2], "c");
  EXPECT_FALSE(split_config_line("   # nothing"));
}
