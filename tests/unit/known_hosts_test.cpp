#include <gtest/gtest.h>

#include "ssh/base64.hpp"
#include "ssh/known_hosts.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck::ssh;
using opsdeck::testing::read_file;
using opsdeck::testing::run_command;
using opsdeck::testing::TempDir;
using opsdeck::testing::write_file;

namespace {

// A real key made by ssh-keygen, so blobs and fingerprints are OpenSSH's own.
struct GeneratedKey {
  HostKey key;
  std::string pub_line;
  std::string fingerprint;  // as printed by ssh-keygen -l
};

GeneratedKey generate(const TempDir& dir, const std::string& name, const std::string& type = "ed25519") {
  auto path = dir.path() / name;
  auto r = run_command({"ssh-keygen", "-q", "-t", type, "-N", "", "-f", path.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  GeneratedKey g;
  g.pub_line = read_file(path.string() + ".pub");
  auto sp1 = g.pub_line.find(' ');
  auto sp2 = g.pub_line.find(' ', sp1 + 1);
  g.key.type = g.pub_line.substr(0, sp1);
  g.key.blob = *base64_decode(g.pub_line.substr(sp1 + 1, sp2 - sp1 - 1));
  auto l = run_command({"ssh-keygen", "-l", "-E", "sha256", "-f", path.string() + ".pub"});
  auto fp = l.out.find("SHA256:");
  g.fingerprint = l.out.substr(fp, l.out.find(' ', fp) - fp);
  return g;
}

}  // namespace

TEST(KnownHosts, FingerprintMatchesSshKeygen) {
  TempDir dir;
  for (const char* type : {"ed25519", "ecdsa", "rsa"}) {
    auto g = generate(dir, std::string("k_") + type, type);
    EXPECT_EQ(g.key.sha256_fingerprint(), g.fingerprint) << type;
  }
}

TEST(KnownHosts, PlainEntriesMatchMismatchUnknown) {
  TempDir dir;
  auto a = generate(dir, "a");
  auto b = generate(dir, "b");
  auto r = generate(dir, "r", "rsa");
  auto kh = KnownHosts::parse("# comment\n"
                              "web1,10.0.0.5 " + a.key.openssh_public() + "\n"
                              "[db]:2222 " + a.key.openssh_public() + " comment here\n"
                              "*.prod,!evil.prod " + r.key.openssh_public() + "\n");
  EXPECT_EQ(kh.check("web1", 22, a.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("10.0.0.5", 22, a.key).line, 2);
  EXPECT_EQ(kh.check("web1", 22, b.key).status, HostKeyStatus::Mismatch);
  EXPECT_EQ(kh.check("web1", 2222, a.key).status, HostKeyStatus::Unknown);  // port matters
  EXPECT_EQ(kh.check("db", 2222, a.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("db", 22, a.key).status, HostKeyStatus::Unknown);
  EXPECT_EQ(kh.check("api.prod", 22, r.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("evil.prod", 22, r.key).status, HostKeyStatus::Unknown);
  // A host known only by an rsa key presenting ed25519: unknown, with the known type listed.
  auto other = kh.check("api.prod", 22, a.key);
  EXPECT_EQ(other.status, HostKeyStatus::Unknown);
  ASSERT_EQ(other.other_key_types.size(), 1u);
  EXPECT_EQ(other.other_key_types[0], "ssh-rsa");
}

TEST(KnownHosts, RevokedWinsAndCertAuthorityAndJunkAreSkipped) {
  TempDir dir;
  auto a = generate(dir, "a");
  auto b = generate(dir, "b");
  auto kh = KnownHosts::parse("this line is junk\n"
                              "@cert-authority *.example " + b.key.openssh_public() + "\n"
                              "@revoked * " + b.key.openssh_public() + "\n"
                              "host " + b.key.openssh_public() + "\n"
                              "host2 ssh-ed25519 !!notbase64!!\n"
                              "host3 " + a.key.openssh_public() + "\n");
  EXPECT_EQ(kh.check("host", 22, b.key).status, HostKeyStatus::Revoked);
  EXPECT_EQ(kh.check("host3", 22, a.key).status, HostKeyStatus::Match);  // after the junk
  EXPECT_EQ(kh.warnings().size(), 2u);
  EXPECT_EQ(kh.check("x.example", 22, a.key).status, HostKeyStatus::Unknown);
}

TEST(KnownHosts, HashedEntriesFromSshKeygenAreMatched) {
  TempDir dir;
  auto a = generate(dir, "a");
  auto file = dir.path() / "known_hosts";
  write_file(file, "web1 " + a.key.openssh_public() + "\n[db]:2222 " + a.key.openssh_public() + "\n");
  auto r = run_command({"ssh-keygen", "-H", "-f", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto text = read_file(file);
  ASSERT_EQ(text.find("web1"), std::string::npos);  // really hashed
  auto kh = KnownHosts::load(file);
  EXPECT_EQ(kh.check("web1", 22, a.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("db", 2222, a.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("web2", 22, a.key).status, HostKeyStatus::Unknown);
}

TEST(KnownHosts, AppendedEntriesAreReadBackByUsAndBySshKeygen) {
  TempDir dir;
  auto a = generate(dir, "a");
  auto b = generate(dir, "b");
  auto file = dir.path() / "sub" / "known_hosts";
  ASSERT_TRUE(append_known_host(file, "plainhost", 22, a.key, false).ok());
  ASSERT_TRUE(append_known_host(file, "127.0.0.1", 2222, b.key, true).ok());
  auto kh = KnownHosts::load(file);
  EXPECT_EQ(kh.check("plainhost", 22, a.key).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("127.0.0.1", 2222, b.key).status, HostKeyStatus::Match);
  auto text = read_file(file);
  EXPECT_NE(text.find("plainhost ssh-ed25519 "), std::string::npos);
  EXPECT_EQ(text.find("127.0.0.1"), std::string::npos);
  auto f = run_command({"ssh-keygen", "-F", "[127.0.0.1]:2222", "-f", file.string()});
  EXPECT_EQ(f.exit_code, 0) << f.out << f.err;
  EXPECT_NE(f.out.find("|1|"), std::string::npos);
}
