// Runbooks as operators write them, run in the real console (tmux) against moto and a real
// sshd on loopback: a failure inside a step is a failure and nothing after it runs; a local
// step gets the console's region, not the shell's; a block that lists then acts shows the
// list before asking for the id; alternatives written in one block are choices, never a
// sequence; a block that starts on the laptop and continues after `ssh box` runs its
// laptop line here and its host lines on box; a following step (`tail -f`) streams into
// the full-screen log view and stops when that view is closed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"
#include "tests/support/sshd_server.hpp"
#include "tests/support/tmux_session.hpp"

using namespace opsdeck::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

class ConsoleRunbook : public ::testing::Test {
 protected:
  MotoServer& moto = shared_moto();
  SshdServer sshd;
  TempDir home;

  fs::path dir(const std::string& name) const { return home.path() / name; }
  fs::path audit_log() const { return home.path() / "audit.jsonl"; }

  void SetUp() override {
    moto.reset();
    fs::create_directories(dir("runbooks"));
    fs::create_directories(dir("files"));
    write_file(dir("files") / "alpha.txt", "alpha-content\n");
    write_file(dir("deploy.sh"), "echo \"deploy $1\" >> '" + dir("deploy.log").string() + "'\n");
    write_file(dir("app.log"), "ready-line\n");
    const std::string h = home.path().string();
    write_file(dir("runbooks") / "night.md",
               "# Night shift\n\n"
               "## Rotate, then redeploy\n\n```bash\necho rotating\nfalse\necho redeployed\n```\n\n"
               "## Which region\n\n```bash\necho \"ctx region=$AWS_REGION default=$AWS_DEFAULT_REGION\"\n```\n\n"
               "## Pick a file\n\n```bash\nls " + h + "/files\ncat " + h + "/files/<FILE_NAME>\n```\n\n"
               "## Deploy\n\n```bash\n# normal deploy\nsh " + h + "/deploy.sh\n"
               "# deploy with migrations\nsh " + h + "/deploy.sh migrate\n```\n\n"
               "## Fix on the box\n\n```bash\ntouch " + h + "/laptop-mark\nssh box\ntouch " + h +
               "/remote-mark\necho \"conn=${SSH_CONNECTION%% *}\"\n```\n\n"
               "## Watch the log\n\n```bash\ntail -f " + h + "/app.log\n```\n");
    nlohmann::json c = {{"environments", {{"lab", {{"region", "us-east-1"}, {"production", false}}}}},
                        {"runbooks", {{"directory", dir("runbooks").string()}}}};
    write_file(dir("config.json"), c.dump(2));
    write_file(dir("ssh_config"), "Host box\n  HostName 127.0.0.1\n  Port " + std::to_string(sshd.port()) +
                                      "\n  User " + sshd.user() + "\n  IdentityFile " + sshd.user_key().string() +
                                      "\n  IdentitiesOnly yes\n");
    fs::copy_file(sshd.known_hosts(), dir("known_hosts"));
  }

  std::unique_ptr<TmuxSession> open_console() {
    std::map<std::string, std::string> env = {
        {"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
        {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
        {"AWS_REGION", "us-east-1"},  // the shell's region: steps must get the console's
        {"AWS_DEFAULT_REGION", "us-east-1"},
        {"AWS_CONFIG_FILE", "/dev/null"},
        {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
        {"AWS_EC2_METADATA_DISABLED", "true"},
        {"HOME", home.path().string()},
        {"XDG_STATE_HOME", home.path().string()},
        {"XDG_CONFIG_HOME", home.path().string()},
        {"OPSDECK_AUDIT_LOG", audit_log().string()},
        {"OPSDECK_SSH_CONFIG", dir("ssh_config").string()},
        {"OPSDECK_KNOWN_HOSTS", dir("known_hosts").string()},
        {"SSH_AUTH_SOCK", ""},
        {"LANG", "C.UTF-8"}};
    TmuxOptions o;
    o.columns = 160;
    o.rows = 45;
    o.env = env;
    auto t = std::make_unique<TmuxSession>(
        std::vector<std::string>{OPSDECK_BINARY, "--endpoint-url", moto.endpoint(), "--config",
                                 dir("config.json").string(), "--env", "lab", "--region", "eu-west-1"},
        o);
    EXPECT_TRUE(t->wait_for_text("acct 123456789012", 30s)) << t->screen();
    t->send_keys({":"});
    t->send_text("runbook night.md");
    t->send_keys({"Enter"});
    EXPECT_TRUE(t->wait_for_text("Night shift - night.md", 10s)) << t->screen();
    return t;
  }

  // Selects step `n` (1-based) from the first.
  static void go_to_step(TmuxSession& t, int n) {
    t.send_keys({"g"});
    for (int i = 1; i < n; ++i) t.send_keys({"n"});
  }

  static void quit(TmuxSession& t) {
    t.send_keys({"q"});
    auto exit = t.wait_for_exit(15s);
    ASSERT_TRUE(exit.has_value()) << t.screen();
    EXPECT_EQ(exit->status, 0) << t.screen();
  }
};

}  // namespace

TEST_F(ConsoleRunbook, FailFastRegionListThenActAndAlternatives) {
  auto t = open_console();
  // Step 1: `false` in the middle fails the step; the redeploy after it never runs.
  t->send_keys({"r"});
  ASSERT_TRUE(t->wait_for_text("failed (exit 1", 20s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("failed at line 2: false", 5s)) << t->screen();
  std::string s = t->screen();
  EXPECT_NE(s.find("rotating"), std::string::npos) << s;
  EXPECT_EQ(s.find("redeployed"), std::string::npos) << s;

  // Step 2: the console's region (--region eu-west-1), not the shell's us-east-1.
  go_to_step(*t, 2);
  t->send_keys({"r"});
  ASSERT_TRUE(t->wait_for_text("ctx region=eu-west-1 default=eu-west-1", 20s)) << t->screen();

  // Steps 3-4 (run all from 3): the list runs and is done before FILE_NAME is asked.
  go_to_step(*t, 3);
  t->send_keys({"A"});
  ASSERT_TRUE(t->wait_for_text("FILE_NAME:", 20s)) << t->screen();
  s = t->screen();
  EXPECT_NE(s.find("done (exit 0"), std::string::npos) << s;
  t->send_text("alpha.txt");
  t->send_keys({"Enter"});

  // Step 5 and 6 are alternatives: run-all stops before them instead of running both.
  ASSERT_TRUE(t->wait_for_text("run-all paused at step 5", 20s)) << t->screen();
  go_to_step(*t, 4);  // the act used the answer
  ASSERT_TRUE(t->wait_for_text("alpha-content", 10s)) << t->screen();
  go_to_step(*t, 5);
  EXPECT_FALSE(fs::exists(dir("deploy.log")));
  t->send_keys({"r"});  // the operator picks the first one
  ASSERT_TRUE(eventually([&] { return fs::exists(dir("deploy.log")); }, 20s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("done (exit 0", 10s)) << t->screen();
  EXPECT_EQ(read_file(dir("deploy.log")), "deploy \n");
  quit(*t);
}

TEST_F(ConsoleRunbook, MixedLaptopAndHostBlockAndAFollowingStepInTheLogView) {
  auto t = open_console();
  // Step 7: the laptop line of the block runs here.
  go_to_step(*t, 7);
  t->send_keys({"r"});
  ASSERT_TRUE(eventually([&] { return fs::exists(dir("laptop-mark")); }, 20s)) << t->screen();
  EXPECT_FALSE(fs::exists(dir("remote-mark")));

  // Step 8: the lines after `ssh box` run on box, over SSH (sshd on loopback).
  go_to_step(*t, 8);
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("Plan - step 8", 10s)) << t->screen();
  EXPECT_NE(t->screen().find("Target: SSH to box"), std::string::npos) << t->screen();
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("conn=127.0.0.1", 30s)) << t->screen();
  EXPECT_TRUE(fs::exists(dir("remote-mark")));
  std::string audit = read_file(audit_log());
  EXPECT_NE(audit.find("\"target\":\"ssh:box\""), std::string::npos) << audit;

  // Step 9: `tail -f` streams into the log view; closing the view stops it.
  go_to_step(*t, 9);
  t->send_keys({"L"});
  ASSERT_TRUE(t->wait_for_text("Logs step 9: tail -f", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("ready-line", 20s)) << t->screen();
  {
    std::ofstream out(dir("app.log"), std::ios::app);
    out << "later-line\n";
  }
  ASSERT_TRUE(t->wait_for_text("later-line", 20s)) << t->screen();
  t->send_keys({"Escape"});
  ASSERT_TRUE(t->wait_for_text("stopped by the operator", 20s)) << t->screen();
  audit = read_file(audit_log());
  EXPECT_NE(audit.find("\"result\":\"stopped\""), std::string::npos) << audit;
  quit(*t);
}
