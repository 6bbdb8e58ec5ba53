// Runbook steps on a host over SSH (`--target ssh:HOST`) against a real OpenSSH sshd on
// loopback: output streams back, the remote exit status decides done/failed, variables
// are filled in, and the audit log records the ssh target.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/support/sshd_server.hpp"

using namespace opsdeck::testing;
namespace fs = std::filesystem;

namespace {

struct RunbookOverSsh : ::testing::Test {
  SshdServer sshd;
  TempDir home;
  fs::path ssh_config = home.path() / "ssh_config";
  fs::path known = home.path() / "known_hosts";
  fs::path audit = home.path() / "audit.jsonl";

  void SetUp() override {
    write_file(ssh_config, "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) + "\n  User " +
                               sshd.user() + "\n  IdentityFile " + sshd.user_key().string() +
                               "\n  IdentitiesOnly yes\n");
    fs::copy_file(sshd.known_hosts(), known);
  }
  RunResult opsdeck(std::vector<std::string> args) const {
    args.insert(args.begin(), {OPSDECK_BINARY, "--config", (home.path() / "none.json").string()});
    write_file(home.path() / "none.json", "{}");
    return run_command(args, {},
                       {{"OPSDECK_SSH_CONFIG", ssh_config.string()},
                        {"OPSDECK_KNOWN_HOSTS", known.string()},
                        {"SSH_AUTH_SOCK", ""},
                        {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},  // caller-ARN lookup: loopback
                        {"AWS_EC2_METADATA_DISABLED", "true"},
                        {"HOME", home.path().string()},
                        {"XDG_STATE_HOME", (home.path() / "state").string()},
                        {"OPSDECK_AUDIT_LOG", audit.string()}});
  }
};

TEST_F(RunbookOverSsh, HostStepRunsOnTheServer) {
  fs::path marker = home.path() / "made-remotely";
  auto rb = home.path() / "rb.md";
  write_file(rb, "# Host\n\n```bash\ncd /etc && pwd\necho \"hello $GREETING\" >&2\ntouch " + marker.string() +
                     "\nexit 4\n```\n\n```bash\nsudo -n true 2>/dev/null || true; systemctl --version >/dev/null 2>&1 || true; echo ok\n```\n\n"
                     "```bash\nsudo -n false\necho after\n```\n");
  auto r = opsdeck({"runbook", rb.string(), "--step", "1", "--target", "ssh:box", "--var", "GREETING=from ssh"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the step failed: remote exit 4
  EXPECT_EQ(r.out, "/etc\n");
  EXPECT_NE(r.err.find("hello from ssh"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("step 1 failed (exit 4)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Target: ssh " + sshd.user() + "@127.0.0.1:" + std::to_string(sshd.port())), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(marker));  // sshd runs on this machine: the file shows it ran

  auto ok = opsdeck({"runbook", rb.string(), "--step", "2", "--target", "ssh:box"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "ok\n");

  // Fail-fast on the host too: the first failing command ends the step and is named.
  auto failing = opsdeck({"runbook", rb.string(), "--step", "3", "--target", "ssh:box", "--yes"});
  EXPECT_EQ(failing.exit_code, 1) << failing.err;
  EXPECT_EQ(failing.out, "") << "nothing after the failing command runs";
  EXPECT_NE(failing.err.find("step failed at line 1: sudo -n false"), std::string::npos) << failing.err;

  std::string text = read_file(audit);
  std::vector<nlohmann::json> lines;
  for (size_t s = 0, nl; (nl = text.find('\n', s)) != std::string::npos; s = nl + 1)
    lines.push_back(nlohmann::json::parse(text.substr(s, nl - s)));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[1]["phase"], "end");
  EXPECT_EQ(lines[1]["target"], "ssh:box");
  EXPECT_EQ(lines[1]["exit_status"], 4);
}

TEST_F(RunbookOverSsh, ABlockThatSshesToAHostRunsItsHostLinesThere) {
  fs::path laptop = home.path() / "laptop-side";
  fs::path remote = home.path() / "host-side";
  auto rb = home.path() / "mixed.md";
  write_file(rb, "# Fix\n\n```bash\ntouch " + laptop.string() + "\nssh box\nsudo -n true || true\ntouch " +
                     remote.string() + "\n```\n");
  auto list = nlohmann::json::parse(opsdeck({"runbook", rb.string(), "--list", "-o", "json"}).out);
  ASSERT_EQ(list.size(), 2u) << list;
  EXPECT_EQ(list[0]["where"], "local");
  EXPECT_EQ(list[1]["ssh_host"], "box") << list;
  // No --target: the host step goes where its block's `ssh box` goes.
  auto host = opsdeck({"runbook", rb.string(), "--step", "2", "--yes"});
  EXPECT_EQ(host.exit_code, 0) << host.err;
  EXPECT_NE(host.err.find("Target: ssh "), std::string::npos) << host.err;
  EXPECT_TRUE(fs::exists(remote));
  EXPECT_FALSE(fs::exists(laptop)) << "the laptop line is its own step";
  // --target applies to host steps only: the laptop step still runs here.
  auto local = opsdeck({"runbook", rb.string(), "--step", "1", "--target", "ssh:box"});
  EXPECT_EQ(local.exit_code, 0) << local.err;
  EXPECT_NE(local.err.find("Target: local shell"), std::string::npos) << local.err;
  EXPECT_TRUE(fs::exists(laptop));
}

TEST_F(RunbookOverSsh, UnknownHostKeyIsAnErrorAndNothingRuns) {
  fs::remove(known);
  fs::path marker = home.path() / "must-not-exist";
  auto rb = home.path() / "rb.md";
  write_file(rb, "```bash\nsudo -n true || true\ntouch " + marker.string() + "\n```\n");  // a host step
  auto r = opsdeck({"runbook", rb.string(), "--step", "1", "--target", "ssh:box"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("host key"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(marker));
}

}  // namespace
