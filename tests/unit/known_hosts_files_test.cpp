// known_hosts read as ssh reads it: every UserKnownHostsFile and GlobalKnownHostsFile file
// as one list with FILE:LINE verdicts, @revoked in any file beating any match, hosts under
// a @cert-authority line refused rather than treated as new, hashed and [host]:port entries
// across files; and where the file lists come from (ssh_config, $OPSDECK_KNOWN_HOSTS).
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "app/ssh_defaults.hpp"
#include "ssh/known_hosts.hpp"
#include "ssh/ssh_config.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck;
using namespace opsdeck::ssh;
using opsdeck::testing::read_file;
using opsdeck::testing::TempDir;
using opsdeck::testing::write_file;
namespace fs = std::filesystem;

namespace {

std::string ssh_string(std::string_view s) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((s.size() >> shift) & 0xff));
  return out.append(s);
}

// A well-formed ed25519 public key blob; `fill` tells keys apart.
HostKey ed25519(char fill) {
  return HostKey{"ssh-ed25519", ssh_string("ssh-ed25519") + ssh_string(std::string(32, fill))};
}

HostKey ecdsa(char fill) {
  const std::string t = "ecdsa-sha2-nistp256";
  return HostKey{t, ssh_string(t) + ssh_string("nistp256") + ssh_string(std::string(65, fill))};
}

// Sets (or unsets) one environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

struct Files {
  TempDir dir;
  fs::path user1 = dir.path() / "known_hosts";
  fs::path user2 = dir.path() / "known_hosts2";
  fs::path global = dir.path() / "ssh_known_hosts";
  fs::path missing = dir.path() / "no_such_file";
  KnownHosts load() const { return KnownHosts::load_files({user1, user2, missing, global}); }
};

}  // namespace

TEST(KnownHostsFiles, EveryFileIsReadAndTheVerdictNamesFileAndLine) {
  Files f;
  const HostKey web = ed25519('w');
  const HostKey db = ed25519('d');
  const HostKey api = ecdsa('a');
  write_file(f.user1, "# first user file\nweb1 " + web.openssh_public() + "\n");
  write_file(f.user2, "\n\n[db]:2222 " + db.openssh_public() + "\n");
  write_file(f.global, "*.prod,!evil.prod " + api.openssh_public() + "\n");
  auto kh = f.load();
  EXPECT_TRUE(kh.load_errors().empty());  // a missing file is fine
  EXPECT_EQ(kh.size(), 3u);

  auto w = kh.check("web1", 22, web);
  EXPECT_EQ(w.status, HostKeyStatus::Match);
  EXPECT_EQ(w.where(), f.user1.string() + ":2");
  auto d = kh.check("db", 2222, db);
  EXPECT_EQ(d.status, HostKeyStatus::Match);
  EXPECT_EQ(d.file, f.user2);
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(kh.check("db", 22, db).status, HostKeyStatus::Unknown);  // [host]:port still matters
  auto a = kh.check("api.prod", 22, api);
  EXPECT_EQ(a.status, HostKeyStatus::Match);
  EXPECT_EQ(a.where(), f.global.string() + ":1");
  EXPECT_EQ(kh.check("evil.prod", 22, api).status,
            HostKeyStatus::Unknown);  // negation across files

  // A changed key is reported at the line that holds the old one, in whichever file.
  auto changed = kh.check("api.prod", 22, ecdsa('x'));
  EXPECT_EQ(changed.status, HostKeyStatus::Mismatch);
  EXPECT_EQ(changed.where(), f.global.string() + ":1");
  // Key types from every file steer negotiation.
  write_file(f.user1, "api.prod " + web.openssh_public() + "\n");
  auto types = f.load().key_types_for("api.prod", 22);
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0], "ssh-ed25519");
  EXPECT_EQ(types[1], "ecdsa-sha2-nistp256");
}

TEST(KnownHostsFiles, RevokedInTheGlobalFileBeatsAMatchInTheUserFile) {
  Files f;
  const HostKey k = ed25519('k');
  write_file(f.user1, "web1 " + k.openssh_public() + "\n");
  write_file(f.global, "# revoked after the incident\n@revoked * " + k.openssh_public() + "\n");
  auto c = f.load().check("web1", 22, k);
  EXPECT_EQ(c.status, HostKeyStatus::Revoked);
  EXPECT_EQ(c.where(), f.global.string() + ":2");
  EXPECT_FALSE(c.may_trust_as_new());
  // Revoked before the match, in a later user file, hashed: the same.
  write_file(f.global, "");
  write_file(f.user2, "@revoked " + format_known_host("web1", 22, k, true) + "\n");
  auto h = f.load().check("web1", 22, k);
  EXPECT_EQ(h.status, HostKeyStatus::Revoked);
  EXPECT_EQ(h.file, f.user2);
  // Another key of the host is not affected.
  write_file(f.user1, "web1 " + ed25519('n').openssh_public() + "\n");
  EXPECT_EQ(f.load().check("web1", 22, ed25519('n')).status, HostKeyStatus::Match);
}

TEST(KnownHostsFiles, HostUnderACertAuthorityIsNotNew) {
  Files f;
  const HostKey ca = ed25519('c');
  const HostKey presented = ed25519('p');
  write_file(f.user1, "other.example " + ed25519('o').openssh_public() + "\n");
  write_file(f.global,
             "@cert-authority *.example.com,[10.0.0.7]:2222 " + ca.openssh_public() + "\n");
  auto kh = f.load();

  auto c = kh.check("web.example.com", 22, presented);
  EXPECT_EQ(c.status, HostKeyStatus::Unknown);
  EXPECT_FALSE(c.may_trust_as_new());
  EXPECT_EQ(c.cert_authority_where(), f.global.string() + ":1");
  auto port = kh.check("10.0.0.7", 2222, presented);
  EXPECT_FALSE(port.may_trust_as_new());
  EXPECT_EQ(port.cert_authority_line, 1);
  // Outside the CA's patterns, an unknown key is new as before.
  auto elsewhere = kh.check("web.example.org", 22, presented);
  EXPECT_EQ(elsewhere.status, HostKeyStatus::Unknown);
  EXPECT_TRUE(elsewhere.may_trust_as_new());
  EXPECT_EQ(kh.check("10.0.0.7", 22, presented).cert_authority_line, 0);
  // The CA key itself is not a host key of those hosts.
  EXPECT_FALSE(kh.check("web.example.com", 22, ca).may_trust_as_new());
  EXPECT_TRUE(kh.key_types_for("web.example.com", 22).empty());

  // A plain key recorded for the host decides, as in ssh: match or mismatch.
  write_file(f.user2, "web.example.com " + presented.openssh_public() + "\n");
  auto plain = f.load().check("web.example.com", 22, presented);
  EXPECT_EQ(plain.status, HostKeyStatus::Match);
  EXPECT_EQ(plain.file, f.user2);
  EXPECT_EQ(f.load().check("web.example.com", 22, ed25519('z')).status, HostKeyStatus::Mismatch);
  // Revoked still wins over everything.
  write_file(f.user1, "@revoked web.example.com " + presented.openssh_public() + "\n");
  EXPECT_EQ(f.load().check("web.example.com", 22, presented).status, HostKeyStatus::Revoked);
}

TEST(KnownHostsFiles, HashedEntriesAcrossFiles) {
  Files f;
  const HostKey k = ed25519('h');
  write_file(f.user1, format_known_host("db", 2222, ed25519('x'), true) + "\n");
  write_file(f.global, format_known_host("web1", 22, k, true) + "\n" +
                           format_known_host("db", 2222, k, true) + "\n");
  auto kh = f.load();
  EXPECT_EQ(kh.check("web1", 22, k).status, HostKeyStatus::Match);
  EXPECT_EQ(kh.check("web1", 22, k).where(), f.global.string() + ":1");
  // A match in one file wins over a stale key of the same type in another (key rotation).
  auto db = kh.check("db", 2222, k);
  EXPECT_EQ(db.status, HostKeyStatus::Match);
  EXPECT_EQ(db.line, 2);
  EXPECT_EQ(kh.check("db", 2222, ed25519('y')).status, HostKeyStatus::Mismatch);
  EXPECT_EQ(kh.check("db", 2222, ed25519('y')).file, f.user1);
  EXPECT_EQ(kh.check("web2", 22, k).status, HostKeyStatus::Unknown);
  // A hashed @cert-authority line covers exactly its host.
  write_file(f.user2,
             "@cert-authority " + format_known_host("ca-host", 22, ed25519('c'), true) + "\n");
  EXPECT_FALSE(f.load().check("ca-host", 22, k).may_trust_as_new());
  EXPECT_TRUE(f.load().check("ca-host2", 22, k).may_trust_as_new());
}

TEST(KnownHostsFiles, UnreadableFilesAreReportedMissingOnesAreNot) {
  Files f;
  const HostKey k = ed25519('k');
  write_file(f.user1, "web1 " + k.openssh_public() + "\n");
  fs::create_directories(f.global);  // exists, but cannot be read as a file
  auto kh = f.load();
  ASSERT_EQ(kh.load_errors().size(), 1u);
  EXPECT_NE(kh.load_errors()[0].find(f.global.string()), std::string::npos) << kh.load_errors()[0];
  EXPECT_NE(kh.load_errors()[0].find("cannot read"), std::string::npos) << kh.load_errors()[0];
  EXPECT_EQ(kh.check("web1", 22, k).status, HostKeyStatus::Match);  // the rest is still read
  EXPECT_TRUE(
      KnownHosts::load_files({f.missing, f.dir.path() / "sub" / "x"}).load_errors().empty());
  // Warnings name the file and line.
  write_file(f.user2, "junk\n");
  auto w = KnownHosts::load(f.user2);
  ASSERT_EQ(w.warnings().size(), 1u);
  EXPECT_EQ(w.warnings()[0].rfind(f.user2.string() + ":1: ", 0), 0u) << w.warnings()[0];
}

TEST(KnownHostsFiles, SshConfigListsAndDefaults) {
  TempDir home;
  SshConfigContext ctx;
  ctx.home = home.path().string();
  ctx.local_user = "ops";
  auto cfg = SshConfig::parse(
      "Host two\n"
      "  UserKnownHostsFile ~/.ssh/kh_a \"/etc/opsdeck/kh b\" ~/.ssh/kh_%h\n"
      "  GlobalKnownHostsFile /etc/ssh/g1 /etc/ssh/g2\n"
      "Host none\n"
      "  UserKnownHostsFile none\n"
      "Host *\n"
      "  UserKnownHostsFile ~/.ssh/ignored_when_set_above\n",
      ctx);
  auto two = cfg.resolve("two");
  ASSERT_TRUE(two.user_known_hosts_files);
  ASSERT_EQ(two.user_known_hosts_files->size(), 3u);
  EXPECT_EQ((*two.user_known_hosts_files)[0], home.path().string() + "/.ssh/kh_a");
  EXPECT_EQ((*two.user_known_hosts_files)[1], "/etc/opsdeck/kh b");
  EXPECT_EQ((*two.user_known_hosts_files)[2], home.path().string() + "/.ssh/kh_two");
  ASSERT_TRUE(two.global_known_hosts_files);
  EXPECT_EQ(*two.global_known_hosts_files,
            (std::vector<std::string>{"/etc/ssh/g1", "/etc/ssh/g2"}));
  auto none = cfg.resolve("none");
  ASSERT_TRUE(none.user_known_hosts_files);
  EXPECT_TRUE(none.user_known_hosts_files->empty());
  EXPECT_FALSE(none.global_known_hosts_files);
  EXPECT_FALSE(SshConfig::parse("", ctx).resolve("x").user_known_hosts_files);

  ScopedEnv no_override("OPSDECK_KNOWN_HOSTS", std::nullopt);
  ScopedEnv h("HOME", home.path().string());
  auto files = app::known_hosts_files(two);
  ASSERT_EQ(files.user.size(), 3u);
  EXPECT_EQ(files.global, (std::vector<fs::path>{"/etc/ssh/g1", "/etc/ssh/g2"}));
  EXPECT_EQ(app::ssh_client_options(two).known_hosts_file, files.user.front());  // new keys go here

  auto defaults = app::known_hosts_files(SshConfig::parse("", ctx).resolve("x"));
  EXPECT_EQ(defaults.user, (std::vector<fs::path>{home.path() / ".ssh/known_hosts",
                                                  home.path() / ".ssh/known_hosts2"}));
  EXPECT_EQ(defaults.global,
            (std::vector<fs::path>{"/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"}));
  EXPECT_TRUE(app::known_hosts_files(none).user.empty());
  EXPECT_EQ(app::ssh_client_options(none).known_hosts_file, fs::path("/dev/null"));

  // $OPSDECK_KNOWN_HOSTS replaces the user list, not the global one.
  ScopedEnv override_env("OPSDECK_KNOWN_HOSTS", (home.path() / "test_known_hosts").string());
  auto overridden = app::known_hosts_files(two);
  EXPECT_EQ(overridden.user, (std::vector<fs::path>{home.path() / "test_known_hosts"}));
  EXPECT_EQ(overridden.global, files.global);
  EXPECT_EQ(overridden.all().size(), 3u);
}
