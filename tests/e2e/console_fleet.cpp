// The console's fleet view in tmux against signature-checking moto with two accounts
// (tests/support/fleet_world.hpp): alarms from both accounts in one pane, the header's
// members up/failed, Enter on a failed member shows why and the fix, and Enter on a row
// opens it in its own member — its session and its guard (acct-b is the production
// environment b-prod: a stop needs "b-prod" typed) — where stopping the instance changes
// that account's instance in moto and not the other account's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/fleet_world.hpp"
#include "tests/support/moto_server.hpp"
#include "tests/support/tmux_session.hpp"

using namespace opsdeck::testing;
using namespace std::chrono_literals;

namespace {

FleetWorld* g_world = nullptr;
TempDir* g_state = nullptr;

class FleetEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    g_world = new FleetWorld();
    g_state = new TempDir();
  }
  void TearDown() override {
    delete g_world;
    delete g_state;
    g_world = nullptr;
    g_state = nullptr;
  }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new FleetEnvironment);

std::map<std::string, std::string> console_env() {
  auto env = g_world->env();
  env["OPSDECK_AUDIT_LOG"] = (g_state->path() / "audit.jsonl").string();
  env["XDG_STATE_HOME"] = g_state->path().string();
  env["LANG"] = "C.UTF-8";
  return env;
}

std::string instance_state(const std::string& profile, const std::string& id) {
  auto r = run_command({OPSDECK_BINARY, "--endpoint-url", shared_moto().endpoint(), "--profile", profile,
                        "--region", "us-east-1", "instances", "--output", "json"},
                       "", console_env(), 60s);
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array()) return "unparsable: " + r.out + r.err;
  for (const auto& i : doc)
    if (i.value("id", "") == id) return i.value("state", "");
  return "missing";
}

void pause_after_close() { std::this_thread::sleep_for(500ms); }

// The filter applies while it is typed; the prompt line ("/TEXT" at the start of a row) is
// gone once the console has handled Enter, and then the hold after a close passes.
void filter(TmuxSession& t, const std::string& text) {
  t.send_keys({"/"});
  t.send_text(text);
  t.send_keys({"Enter"});
  EXPECT_TRUE(t.wait_for_text_gone("\n/" + text, 20s)) << t.screen();
  pause_after_close();
}

// From the fleet view: `:ec2`, filter to acct-b's instance, zoom, Enter. The row opens in
// acct-b's own member console (its profile, its account), selected there, under the
// production badge of its guard.
void open_acct_b_instance_in_its_member(TmuxSession& t) {
  t.send_keys({":"});
  t.send_text("ec2");
  t.send_keys({"Enter"});
  pause_after_close();
  filter(t, "acct2222");
  t.send_keys({"Enter"});  // zoom
  pause_after_close();
  t.send_keys({"Enter"});  // open in its member
  ASSERT_TRUE(t.wait_for_text("profile acct-b", 15s)) << TmuxSession::framed(t.screen());
  ASSERT_TRUE(t.wait_for_text("acct 222222222222", 30s)) << TmuxSession::framed(t.screen());
  ASSERT_TRUE(t.wait_for_regex(std::regex("▶ ?acct2222-us-east-1-web"), 30s)) << TmuxSession::framed(t.screen());
  EXPECT_NE(t.screen().find("PROD"), std::string::npos) << TmuxSession::framed(t.screen());
  pause_after_close();
}

// The "healthy" fleet names acct-b by profile alone; its guard is still the production
// environment that owns that profile and account (b-prod): opening its row and pressing S
// asks for "b-prod" typed, and cancelling changes nothing.
TEST(ConsoleFleet, AProfileOnlyMemberOfAProductionAccountKeepsItsGuard) {
  const std::string b_east = std::string(FleetWorld::kAccountB) + "/us-east-1";
  const std::string b_instance = g_world->seeded()["members"][b_east]["instances"][0];
  ASSERT_EQ(instance_state("acct-b", b_instance), "running");
  TmuxOptions o;
  o.columns = 200;
  o.rows = 50;
  o.env = console_env();
  TmuxSession t({OPSDECK_BINARY, "--config", g_world->config_path(), "--endpoint-url", shared_moto().endpoint(),
                 "--fleet", "healthy"},
                o);
  ASSERT_TRUE(t.wait_for_text("3 up", 60s)) << TmuxSession::framed(t.screen());
  open_acct_b_instance_in_its_member(t);
  if (::testing::Test::HasFatalFailure()) return;
  t.send_keys({"S"});
  ASSERT_TRUE(t.wait_for_text("b-prod to confirm", 10s)) << TmuxSession::framed(t.screen());
  t.send_keys({"Escape"});
  pause_after_close();
  EXPECT_EQ(instance_state("acct-b", b_instance), "running");
  t.send_keys({"q"});
  ASSERT_TRUE(t.wait_for_exit(10s).has_value());
}

TEST(ConsoleFleet, TwoAccountsInOnePaneAndActingInTheRowsOwnMember) {
  const std::string a_east = std::string(FleetWorld::kAccountA) + "/us-east-1";
  const std::string b_east = std::string(FleetWorld::kAccountB) + "/us-east-1";
  const std::string b_instance = g_world->seeded()["members"][b_east]["instances"][0];
  const std::string a_instance = g_world->seeded()["members"][a_east]["instances"][0];
  ASSERT_EQ(instance_state("acct-b", b_instance), "running");

  TmuxOptions o;
  o.columns = 200;
  o.rows = 50;
  o.env = console_env();
  TmuxSession t({OPSDECK_BINARY, "--config", g_world->config_path(), "--endpoint-url", shared_moto().endpoint(),
                 "--fleet", "oncall"},
                o);
  // Firing alarms of both accounts in the one Alarms pane, with their accounts.
  ASSERT_TRUE(t.wait_for_text(g_world->firing(a_east), 60s)) << TmuxSession::framed(t.screen());
  ASSERT_TRUE(t.wait_for_text(g_world->firing(b_east), 30s)) << TmuxSession::framed(t.screen());
  ASSERT_TRUE(t.wait_for_text("3 up · 3 failed", 30s)) << TmuxSession::framed(t.screen());
  std::string screen = t.screen();
  EXPECT_NE(screen.find("fleet oncall"), std::string::npos) << screen;
  EXPECT_NE(screen.find(FleetWorld::kAccountA), std::string::npos) << screen;
  EXPECT_NE(screen.find(FleetWorld::kAccountB), std::string::npos) << screen;
  EXPECT_NE(screen.find("FAILED"), std::string::npos) << screen;
  // Each member's alarms have their own sparkline, as in one account's console.
  for (const auto& member : {a_east, b_east}) {
    std::regex row(g_world->firing(member) + "[^\n]*(▁|▂|▃|▄|▅|▆|▇|█)");
    EXPECT_TRUE(t.wait_for_regex(row, 30s)) << member << "\n" << TmuxSession::framed(t.screen());
  }

  // Enter on a failed member: why, and what to run.
  t.send_keys({"Tab", "Tab", "Tab"});
  filter(t, "sso-dev");
  t.send_keys({"Enter"});  // zoom the members pane
  pause_after_close();
  t.send_keys({"Enter"});
  ASSERT_TRUE(t.wait_for_text("aws sso login --profile sso-dev", 10s)) << TmuxSession::framed(t.screen());
  t.send_keys({"Escape"});
  pause_after_close();
  t.send_keys({"Escape"});
  pause_after_close();

  // acct-b's instance, opened in its own member: its session, its production guard.
  open_acct_b_instance_in_its_member(t);
  if (::testing::Test::HasFatalFailure()) return;
  t.send_keys({"S"});
  ASSERT_TRUE(t.wait_for_text("b-prod to confirm", 10s)) << TmuxSession::framed(t.screen());
  t.send_text("b-prod");
  t.send_keys({"Enter"});
  ASSERT_TRUE(t.wait_for_text("accepted", 15s)) << TmuxSession::framed(t.screen());
  std::string state;
  for (int i = 0; i < 50; ++i) {
    state = instance_state("acct-b", b_instance);
    if (state == "stopping" || state == "stopped") break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_TRUE(state == "stopping" || state == "stopped") << state;
  EXPECT_EQ(instance_state("acct-a", a_instance), "running");  // the other account untouched
  std::string audit = read_file(g_state->path() / "audit.jsonl");
  EXPECT_NE(audit.find("ec2.stop"), std::string::npos) << audit;
  EXPECT_NE(audit.find("acct-b"), std::string::npos) << audit;

  // Back to the fleet.
  t.send_keys({":"});
  t.send_text("fleet oncall");
  t.send_keys({"Enter"});
  ASSERT_TRUE(t.wait_for_text("fleet oncall", 15s)) << TmuxSession::framed(t.screen());
  t.send_keys({"q"});
  ASSERT_TRUE(t.wait_for_exit(10s).has_value());
}

}  // namespace
