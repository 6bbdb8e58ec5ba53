// The headless `opsdeck ssh` command against a real sshd: remote exit status becomes
// opsdeck's, output streams through, ssh_config aliases resolve, and a refused host key
// exits non-zero with "host key" in the message while nothing runs.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/sshd_server.hpp"
#include "tests/support/tmux_session.hpp"

using namespace opsdeck::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Headless {
  SshdServer sshd;
  TempDir home;
  fs::path config = home.path() / "ssh_config";
  fs::path known = home.path() / "known_hosts";

  Headless() {
    write_file(config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) + "\n  User " +
                           sshd.user() + "\n  IdentityFile " + sshd.user_key().string() +
                           "\n  IdentitiesOnly yes\n");
    fs::copy_file(sshd.known_hosts(), known);
  }
  std::map<std::string, std::string> env() const {
    return {{"OPSDECK_SSH_CONFIG", config.string()},
            {"OPSDECK_KNOWN_HOSTS", known.string()},
            {"SSH_AUTH_SOCK", ""},
            {"HOME", home.path().string()}};
  }
  RunResult opsdeck(std::vector<std::string> args) const {
    args.insert(args.begin(), OPSDECK_BINARY);
    return run_command(args, {}, env());
  }
};

}  // namespace

TEST(SshHeadless, RemoteExitStatusAndOutputThroughAnAlias) {
  Headless h;
  auto r = h.opsdeck({"ssh", "box", "--", "echo", "out;", "echo", "err", ">&2;", "exit", "42"});
  EXPECT_EQ(r.exit_code, 42) << r.err;
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(SshHeadless, UserAtHostPortForm) {
  Headless h;
  // No alias: the key comes from the default ~/.ssh/id_ed25519 under the test's HOME.
  fs::create_directories(h.home.path() / ".ssh");
  fs::copy_file(h.sshd.user_key(), h.home.path() / ".ssh" / "id_ed25519");
  auto r = h.opsdeck({"ssh", h.sshd.user() + "@127.0.0.1:" + std::to_string(h.sshd.port()), "--", "true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(SshHeadless, ChangedHostKeyIsRefusedAndNothingRuns) {
  Headless h;
  TempDir other;
  make_ssh_key(other.path() / "impostor", "ed25519");
  auto pub = read_file(other.path() / "impostor.pub");
  write_file(h.known, "[127.0.0.1]:" + std::to_string(h.sshd.port()) + " " + pub);
  auto marker = other.path() / "ran";
  auto r = h.opsdeck({"ssh", "--accept-new-host-key", "box", "--", "touch", marker.string()});
  EXPECT_EQ(r.exit_code, 255);
  EXPECT_NE(r.err.find("host key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("SHA256:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(marker));
}

TEST(SshHeadless, UnknownHostKeyNeedsTheFlag) {
  Headless h;
  fs::remove(h.known);
  TempDir other;
  auto marker = other.path() / "ran";
  auto refused = h.opsdeck({"ssh", "box", "--", "touch", marker.string()});
  EXPECT_EQ(refused.exit_code, 255);
  EXPECT_NE(refused.err.find("host key"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--accept-new-host-key"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(marker));

  auto accepted = h.opsdeck({"ssh", "--accept-new-host-key", "box", "--", "touch", marker.string()});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_TRUE(fs::exists(marker));
  EXPECT_NE(read_file(h.known).find("[127.0.0.1]:" + std::to_string(h.sshd.port())), std::string::npos);
}

TEST(SshHeadless, AuthenticationFailureExits255WithTheReason) {
  Headless h;
  auto r = h.opsdeck({"ssh", h.sshd.user() + "@127.0.0.1:" + std::to_string(h.sshd.port()), "--", "true"});
  EXPECT_EQ(r.exit_code, 255);  // no key under this HOME, no agent
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
}

TEST(SshHeadless, BadDestinationIsAUsageError) {
  Headless h;
  auto r = h.opsdeck({"ssh", "box:99999", "--", "true"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("port"), std::string::npos) << r.err;
}

TEST(SshHeadless, ClosedOutputPipeStopsTheRemoteCommand) {
  Headless h;
  // `yes` never ends by itself: only the cancel on EPIPE can stop it.
  auto r = run_command({"sh", "-c", std::string(OPSDECK_BINARY) + " ssh box -- yes | head -n 3; echo status=$?"},
                       {}, h.env(), std::chrono::seconds(60));
  EXPECT_EQ(r.out, "y\ny\ny\nstatus=0\n") << r.err;
  EXPECT_EQ(r.exit_code, 0);
}

// An interactive shell with an encrypted key: the passphrase is asked on the still-cooked
// terminal before the shell's raw relay starts (it would otherwise read the keystrokes),
// the shell works, its exit status is opsdeck's, and the terminal modes come back.
TEST(SshHeadless, InteractiveShellAsksThePassphraseBeforeTheRelayStarts) {
  Headless h;
  auto key = h.home.path() / "encrypted_key";
  fs::copy_file(h.sshd.encrypted_key(), key);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  write_file(h.config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(h.sshd.port()) + "\n  User " +
                           h.sshd.user() + "\n  IdentityFile " + key.string() + "\n  IdentitiesOnly yes\n");
  TmuxOptions o;
  o.env = h.env();
  o.env["PS1"] = "remote$ ";
  const std::string dir = h.home.path().string();
  std::string script = "stty -a > '" + dir + "/stty.before'; '" + std::string(OPSDECK_BINARY) +
                       "' ssh box; rc=$?; stty -a > '" + dir + "/stty.after'; exit $rc";
  TmuxSession t({"/bin/sh", "-c", script}, o);
  auto asked = t.wait_for_text("Enter passphrase for key", 30s);
  ASSERT_TRUE(asked) << asked.screen;
  t.send_text(SshdServer::passphrase());
  t.send_keys({"Enter"});
  t.send_text("echo pass-$((3*3))");
  t.send_keys({"Enter"});
  auto ran = t.wait_for_text("pass-9", 30s);
  ASSERT_TRUE(ran) << ran.screen;
  EXPECT_EQ(ran.screen.find(SshdServer::passphrase()), std::string::npos) << "the passphrase was echoed";
  t.send_text("exit 3");
  t.send_keys({"Enter"});
  auto exit = t.wait_for_exit(20s);
  ASSERT_TRUE(exit.has_value()) << t.screen();
  EXPECT_EQ(exit->status, 3) << t.screen();
  EXPECT_EQ(read_file(h.home.path() / "stty.before"), read_file(h.home.path() / "stty.after"));
}
