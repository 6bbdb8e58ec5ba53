// A native Session Manager shell in a real terminal (tmux): `opsdeck ssm session` against
// tests/support/ssm_peer (a real PTY shell on this machine). Ctrl-C reaches the remote
// process — it ends a remote `sleep` and neither the shell nor opsdeck — the window size
// follows a resize, and when the shell exits the terminal is back in its own modes.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/ssm_gateway.hpp"
#include "tests/support/tmux_session.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

constexpr const char* kOnline = "i-0aaa111122223333a";

TEST(SsmNativeShell, CtrlCEndsTheRemoteSleepNotTheShellAndTheTerminalComesBack) {
  TempDir dir;
  testing::SsmGateway gateway(dir.path());
  ASSERT_TRUE(gateway.ok()) << "the ssm peer or fake_aws did not start; logs in " << dir.path();
  testing::write_file(dir.path() / "config.json", R"({"environments": {"dev": {}}, "default_environment": "dev"})");
  const std::string d = dir.path().string();
  // stty -g before and after: the terminal's modes must be exactly as they were.
  std::string script = "stty -g > '" + d + "/stty.before'; '" + std::string(OPSDECK_BINARY) + "' --config '" + d +
                       "/config.json' --endpoint-url " + gateway.endpoint() + " ssm session " + kOnline +
                       "; rc=$?; stty -g > '" + d + "/stty.after'; echo \"opsdeck-exit=$rc\"; sleep 60";
  testing::TmuxOptions options;
  options.env = {{"AWS_ACCESS_KEY_ID", "AKIDTEST"}, {"AWS_SECRET_ACCESS_KEY", "secret"},
                 {"AWS_REGION", "us-east-1"},       {"AWS_PROFILE", ""},
                 {"AWS_CONFIG_FILE", d + "/none"},  {"AWS_SHARED_CREDENTIALS_FILE", d + "/none"},
                 {"AWS_EC2_METADATA_DISABLED", "true"}, {"XDG_STATE_HOME", d + "/state"},
                 {"XDG_CONFIG_HOME", d + "/xdg"},   {"OPSDECK_AUDIT_LOG", d + "/audit.jsonl"},
                 {"PATH", "/usr/bin:/bin"}};
  testing::TmuxSession t({"/bin/sh", "-c", script}, options);

  t.send_text("echo ready-$((20+22))");
  t.send_keys({"Enter"});
  auto ready = t.wait_for_text("ready-42", 30s);
  ASSERT_TRUE(ready) << ready.screen;

  t.send_text("sleep 30; echo sleep-finished");
  t.send_keys({"Enter"});
  std::this_thread::sleep_for(1s);
  t.send_keys({"C-c"});
  t.send_text("echo alive-$((1+1))");
  t.send_keys({"Enter"});
  auto alive = t.wait_for_text("alive-2", 15s);
  ASSERT_TRUE(alive) << "Ctrl-C should end the remote sleep and leave the shell:\n" << alive.screen;
  EXPECT_EQ(alive.screen.find("\nsleep-finished"), std::string::npos) << "the sleep ran to its end:\n" << alive.screen;
  EXPECT_EQ(alive.screen.find("opsdeck-exit="), std::string::npos) << "opsdeck ended on Ctrl-C:\n" << alive.screen;

  t.resize(100, 30);
  std::this_thread::sleep_for(1500ms);
  t.send_text("stty size");
  t.send_keys({"Enter"});
  auto size = t.wait_for_text("30 100", 15s);
  EXPECT_TRUE(size) << "the remote terminal did not follow the resize:\n" << size.screen;

  t.send_text("exit");
  t.send_keys({"Enter"});
  auto ended = t.wait_for_text("opsdeck-exit=0", 30s);
  ASSERT_TRUE(ended) << ended.screen;
  EXPECT_EQ(testing::read_file(dir.path() / "stty.before"), testing::read_file(dir.path() / "stty.after"));
}

}  // namespace
}  // namespace opsdeck
