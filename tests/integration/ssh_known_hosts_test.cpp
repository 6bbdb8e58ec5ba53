// The headless `opsdeck ssh` command against a real sshd, with known_hosts spread over the
// files ssh reads: every UserKnownHostsFile and GlobalKnownHostsFile file (named in an
// ssh_config used through $OPSDECK_SSH_CONFIG) is consulted, a key @revoked in the global
// file is refused even though the user file knows it, a host under @cert-authority is
// refused and --accept-new-host-key records nothing, and new keys go to the first user file.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/sshd_server.hpp"

using namespace opsdeck::testing;
namespace fs = std::filesystem;

namespace {

struct KnownHostsSetup {
  SshdServer sshd;
  TempDir home;
  TempDir work;  // where the remote command leaves its marker
  fs::path config = home.path() / "ssh_config";
  fs::path user1 = home.path() / "known_hosts_a";
  fs::path user2 = home.path() / "known_hosts_b";
  fs::path global = home.path() / "global_known_hosts";
  fs::path marker = work.path() / "ran";

  KnownHostsSetup() { write_config(); }

  // `extra` goes inside the Host block (UserKnownHostsFile / GlobalKnownHostsFile lines).
  void write_config(const std::string& extra = {}) {
    write_file(config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) +
                           "\n  User " + sshd.user() + "\n  IdentityFile " +
                           sshd.user_key().string() +
                           "\n  IdentitiesOnly yes\n  GlobalKnownHostsFile " + global.string() +
                           "\n" + extra);
  }
  std::string name() const { return "[127.0.0.1]:" + std::to_string(sshd.port()); }
  // Both host keys of the server (it may present either).
  std::string server_keys(const std::string& prefix, const std::string& hosts) const {
    std::string out;
    for (const char* t : {"ed25519", "rsa"})
      out += prefix + hosts + " " + sshd.host_public_key(t) + "\n";
    return out;
  }
  std::map<std::string, std::string> env(bool override_user_files) const {
    std::map<std::string, std::string> e = {{"OPSDECK_SSH_CONFIG", config.string()},
                                            {"SSH_AUTH_SOCK", ""},
                                            {"HOME", home.path().string()},
                                            {"OPSDECK_KNOWN_HOSTS", ""}};
    if (override_user_files) e["OPSDECK_KNOWN_HOSTS"] = user1.string();
    return e;
  }
  RunResult opsdeck(std::vector<std::string> args, bool override_user_files = true) const {
    args.insert(args.begin(), OPSDECK_BINARY);
    return run_command(args, {}, env(override_user_files), std::chrono::seconds(60));
  }
  std::vector<std::string> touch_marker(bool accept_new) const {
    std::vector<std::string> a{"ssh"};
    if (accept_new) a.push_back("--accept-new-host-key");
    for (const char* w : {"box", "--", "touch"}) a.push_back(w);
    a.push_back(marker.string());
    return a;
  }
};

}  // namespace

TEST(SshKnownHostsFiles, KeyRevokedInTheGlobalFileIsRefusedAndNothingRuns) {
  KnownHostsSetup s;
  write_file(s.user1, read_file(s.sshd.known_hosts()));  // the user file knows the real keys
  write_file(s.global, "# withdrawn keys\n" + s.server_keys("@revoked ", "*"));
  for (bool accept_new : {false, true}) {
    auto r = s.opsdeck(s.touch_marker(accept_new));
    EXPECT_EQ(r.exit_code, 255) << r.err;
    EXPECT_NE(r.err.find("revoked"), std::string::npos) << r.err;
    // FILE:LINE of the @revoked line (line 2 for ed25519, 3 for rsa).
    EXPECT_NE(r.err.find(s.global.string() + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("SHA256:"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(s.marker));
  }
  EXPECT_EQ(read_file(s.user1), read_file(s.sshd.known_hosts()));  // nothing recorded
  // Without the revocation the same setup connects: the refusal came from the global file.
  write_file(s.global, "");
  auto ok = s.opsdeck(s.touch_marker(false));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(s.marker));
}

TEST(SshKnownHostsFiles, CertAuthorityHostIsRefusedAndNothingIsRecorded) {
  KnownHostsSetup s;
  TempDir ca_dir;
  make_ssh_key(ca_dir.path() / "host_ca", "ed25519");
  const std::string ca_line =
      "@cert-authority " + s.name() + " " + read_file(ca_dir.path() / "host_ca.pub");
  for (const fs::path* where : {&s.user1, &s.global}) {
    write_file(s.user1, "");
    write_file(s.global, "");
    write_file(*where, ca_line);
    const std::string user_before = read_file(s.user1);
    for (bool accept_new : {false, true}) {
      auto r = s.opsdeck(s.touch_marker(accept_new));
      EXPECT_EQ(r.exit_code, 255) << r.err;
      EXPECT_NE(r.err.find("@cert-authority"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(where->string() + ":1"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("plain"), std::string::npos) << r.err;  // what to do: add the plain key
      EXPECT_FALSE(fs::exists(s.marker));
      EXPECT_EQ(read_file(s.user1), user_before) << "a key was recorded for a @cert-authority host";
    }
  }
  // Once the operator adds the host's plain key, as the message says, it connects.
  write_file(s.user1, ca_line + read_file(s.sshd.known_hosts()));
  auto ok = s.opsdeck(s.touch_marker(false));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(s.marker));
}

TEST(SshKnownHostsFiles, EveryUserFileIsReadAndNewKeysGoToTheFirst) {
  KnownHostsSetup s;
  s.write_config("  UserKnownHostsFile " + s.user1.string() + " " + s.user2.string() + "\n");
  write_file(s.user1, "");
  write_file(s.user2, read_file(s.sshd.known_hosts()));
  // Known through the second user file: no question, no flag needed, nothing written.
  auto known = s.opsdeck(s.touch_marker(false), /*override_user_files=*/false);
  EXPECT_EQ(known.exit_code, 0) << known.err;
  EXPECT_TRUE(fs::exists(s.marker));
  EXPECT_EQ(read_file(s.user1), "");
  // Known through the global file only: the same.
  fs::remove(s.marker);
  write_file(s.user2, "");
  write_file(s.global, read_file(s.sshd.known_hosts()));
  auto global = s.opsdeck(s.touch_marker(false), false);
  EXPECT_EQ(global.exit_code, 0) << global.err;
  EXPECT_TRUE(fs::exists(s.marker));
  // Unknown everywhere: --accept-new-host-key records it in the first user file only.
  fs::remove(s.marker);
  write_file(s.global, "");
  auto accepted = s.opsdeck(s.touch_marker(true), false);
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_NE(read_file(s.user1).find(s.name()), std::string::npos) << read_file(s.user1);
  EXPECT_EQ(read_file(s.user2), "");
  EXPECT_EQ(read_file(s.global), "");
}

TEST(SshKnownHostsFiles, UnreadableKnownHostsFileIsReportedAndRefused) {
  KnownHostsSetup s;
  write_file(s.user1, read_file(s.sshd.known_hosts()));
  fs::create_directories(s.global);  // exists, cannot be read as a file
  auto r = s.opsdeck(s.touch_marker(true));
  EXPECT_EQ(r.exit_code, 255) << r.err;
  EXPECT_NE(r.err.find("cannot read known_hosts file " + s.global.string()), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(s.marker));
  // A missing global file is fine.
  fs::remove(s.global);
  auto ok = s.opsdeck(s.touch_marker(false));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}
