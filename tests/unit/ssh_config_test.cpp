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

#include "ssh/host_target.hpp"

TEST(HostTarget, ParsesUserHostAndPortForms) {
  auto a = parse_host_target("api");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "api");
  EXPECT_TRUE(a->user.empty());
  EXPECT_FALSE(a->port);
  auto b = parse_host_target("ubuntu@10.0.0.7:2222");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->user, "ubuntu");
  EXPECT_EQ(b->host, "10.0.0.7");
  EXPECT_EQ(*b->port, 2222);
  auto c = parse_host_target("root@[::1]:22");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(*c->port, 22);
  auto d = parse_host_target("fe80::1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->host, "fe80::1");
  EXPECT_FALSE(parse_host_target("host:99999"));
  EXPECT_FALSE(parse_host_target("host:"));
  EXPECT_FALSE(parse_host_target("@host"));
  EXPECT_FALSE(parse_host_target("user@"));
}

TEST(HostTarget, ExplicitUserAndPortBeatSshConfig) {
  auto cfg = SshConfig::parse("Host api\n  HostName 10.1.1.1\n  User ubuntu\n  Port 2200\n",
                              SshConfigContext{"/home/op", "op", "/home/op/.ssh"});
  auto h = resolve_host_target(*parse_host_target("admin@api:2022"), cfg);
  EXPECT_EQ(h.hostname, "10.1.1.1");
  EXPECT_EQ(h.user, "admin");
  EXPECT_EQ(h.port, 2022);
  auto h2 = resolve_host_target(*parse_host_target("api"), cfg);
  EXPECT_EQ(h2.user, "ubuntu");
  EXPECT_EQ(h2.port, 2200);
  EXPECT_TRUE(looks_like_instance_id("i-0123456789abcdef0"));
  EXPECT_TRUE(looks_like_instance_id("i-01234567"));
  EXPECT_FALSE(looks_like_instance_id("i-zzz"));
  EXPECT_FALSE(looks_like_instance_id("web-1"));
}
