// scripts/demo --no-console, end to end (through the DemoAccount fixture): it brings up
// moto_server with signature checking on and the demo account (read back with boto3 by
// demo_account_check.py), keeps the log feeder running, and on SIGTERM stops everything
// it started: no process, no listening port, no temp dir left behind.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/demo_account.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using namespace opsdeck::testing;

namespace {

// key=value lines, as demo_account_check.py prints them.
std::map<std::string, std::string> parse_facts(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return m;
}

}  // namespace

TEST(DemoScript, BringsUpTheDemoAccountAndLeavesNothingBehind) {
  DemoAccount demo;
  auto env = demo.env();
  const std::string endpoint = demo.endpoint();
  ASSERT_EQ(endpoint.rfind("http://127.0.0.1:", 0), 0u) << endpoint;
  const int port = demo.port();
  const fs::path demo_dir = demo.demo_dir();
  EXPECT_TRUE(fs::exists(demo_dir / "credentials"));
  // moto, the log feeder, the sshd for shells and (when its fixed port was free) the health
  // endpoints.
  const std::vector<int> pids = demo.pids();
  ASSERT_GE(pids.size(), 3u) << env["OPSDECK_DEMO_PIDS"];
  if (wait_for_port(18080, 300ms)) {
    auto health = run_command({"python3", "-c",
                               "import urllib.request as u; "
                               "print(u.urlopen('http://127.0.0.1:18080/clickit/v1/health', "
                               "timeout=10).read().decode())"},
                              {}, {}, 30s);
    EXPECT_NE(health.out.find("\"status\": \"healthy\""), std::string::npos)
        << health.out << health.err;
  }

  // The account, read back through moto with the demo profile.
  auto check = run_command(
      {"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/integration/demo_account_check.py"}, {},
      env, 120s);
  ASSERT_EQ(check.exit_code, 0) << check.out << check.err;
  auto facts = parse_facts(check.out);
  EXPECT_EQ(facts["instances"],
            "clickit-bastion:stopped,clickit-dev-runner:running,clinic-api:running,"
            "clinic-api-staging:stopped,personal-app:running");
  EXPECT_EQ(facts["open_to_world"], "22,5432");
  EXPECT_NE(facts["databases"].find("clickit-prod-db:multi"), std::string::npos)
      << facts["databases"];
  EXPECT_NE(facts["databases"].find("clinic-db:single"), std::string::npos) << facts["databases"];
  EXPECT_EQ(facts["alarm_states"], "ALARM,INSUFFICIENT_DATA,OK");
  EXPECT_GE(std::stoi(facts["alarms_in_alarm"]), 2);
  EXPECT_GE(std::stoi(facts["metric_points_3h"]), 150);
  EXPECT_EQ(facts["standard_metrics"].find(":False"), std::string::npos) << facts["standard_metrics"];
  EXPECT_NE(facts["standard_metrics"].find("AWS/RDS/FreeableMemory:True"), std::string::npos)
      << facts["standard_metrics"];
  EXPECT_NE(facts["log_groups"].find("/app/api"), std::string::npos) << facts["log_groups"];
  EXPECT_NE(facts["log_groups"].find("/ecs/clickit-prod-api"), std::string::npos)
      << facts["log_groups"];
  EXPECT_EQ(facts["feeder_advances"], "True");
  EXPECT_EQ(facts["error_events_multiline"], "True");
  EXPECT_GE(std::stoi(facts["secure_params"]), 2);
  EXPECT_GE(std::stoi(facts["secrets"]), 2);
  EXPECT_EQ(facts["ecs_clusters"], "clickit-dev,clickit-prod");
  EXPECT_EQ(facts["prod_services"], "api,frontend");
  EXPECT_EQ(facts["prod_api_running_of_desired"], "2/2");
  EXPECT_GE(std::stoi(facts["prod_running_tasks"]), 2);
  EXPECT_GE(std::stoi(facts["stopped_with_reason"]), 1);
  EXPECT_GE(std::stoi(facts["healthy_targets"]), 1);
  EXPECT_EQ(facts["redrive_to_dlq"], "True");
  EXPECT_GE(std::stoi(facts["dlq_depth"]), 1);
  EXPECT_EQ(facts["wrong_signature"], "SignatureDoesNotMatch");

  // Everything in the demo runs behind opsdeck's network fence, and a shell on a running demo
  // instance (by its id, as `s` picks it) lands on the demo's loopback sshd.
  EXPECT_EQ(env["OPSDECK_NETWORK"], "loopback");
  ASSERT_FALSE(env["OPSDECK_SSH_CONFIG"].empty()) << demo.log();
  auto listed = run_command({OPSDECK_BINARY, "instances", "--output", "json"}, {}, env, 60s);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::string clinic_api;
  for (const auto& row : nlohmann::json::parse(listed.out)) {
    if (row["name"] == "clinic-api") clinic_api = row["id"];
    // Public addresses only from the documentation range (TEST-NET-3), or none.
    if (!row["public_ip"].is_null()) {
      EXPECT_EQ(row["public_ip"].get<std::string>().rfind("203.0.113.", 0), 0u) << row.dump();
    }
    if (row["name"] == "clinic-api" || row["name"] == "personal-app") {
      EXPECT_FALSE(row["public_ip"].is_null()) << row.dump();
    }
  }
  ASSERT_FALSE(clinic_api.empty()) << listed.out;
  // Lightsail comes from the demo's fake: the container service's logs are there to read.
  EXPECT_NE(listed.out.find("therapy-bastion"), std::string::npos) << listed.out;
  auto container_log = run_command({OPSDECK_BINARY, "lightsail", "logs", "therapy-api", "api", "--since", "2m"}, {},
                                   env, 60s);
  EXPECT_EQ(container_log.exit_code, 0) << container_log.err;
  EXPECT_NE(container_log.out.find("therapy-api/api"), std::string::npos) << container_log.out;
  auto shell = run_command({OPSDECK_BINARY, "ssh", clinic_api, "--yes", "--", "echo", "demo-shell-ok"}, {}, env, 60s);
  EXPECT_EQ(shell.exit_code, 0) << shell.err;
  EXPECT_NE(shell.out.find("demo-shell-ok"), std::string::npos) << shell.out << shell.err;
  // Without the demo's ssh_config the instance's own (documentation-range) address is used:
  // refused by the fence, never connected to.
  auto unmapped = env;
  unmapped["OPSDECK_SSH_CONFIG"] = "/dev/null";
  auto fenced = run_command({OPSDECK_BINARY, "ssh", clinic_api, "--yes", "--", "true"}, {}, unmapped, 60s);
  EXPECT_NE(fenced.exit_code, 0);
  EXPECT_NE(fenced.err.find("outside loopback"), std::string::npos) << fenced.err;

  // The demo fleet: three accounts, two regions, and the firing alarm is in a member that is
  // not the default one (demo-shared, eu-west-1), first in the fleet's list.
  auto fleet = run_command({OPSDECK_BINARY, "--config", DemoAccount::config_path(), "alarms", "--fleet", "demo",
                            "--output", "json"},
                           {}, env, 120s);
  ASSERT_EQ(fleet.exit_code, 0) << fleet.err;
  auto fleet_rows = nlohmann::json::parse(fleet.out);
  std::set<std::string> accounts;
  for (const auto& row : fleet_rows) accounts.insert(row.value("account", ""));
  EXPECT_EQ(accounts, (std::set<std::string>{"111111111111", "123456789012", "222222222222"})) << fleet.out;
  bool vpn_firing = false;
  for (const auto& row : fleet_rows)
    if (row["name"] == "shared-vpn-tunnel-down")
      vpn_firing = row["state"] == "ALARM" && row["account"] == "222222222222" && row["region"] == "eu-west-1";
  EXPECT_TRUE(vpn_firing) << fleet.out;
  ASSERT_FALSE(fleet_rows.empty());
  EXPECT_EQ(fleet_rows[0]["state"], "ALARM");

  // demo-stack is idempotent: a second run against the same account adds nothing.
  auto again = run_command({std::string(OPSDECK_SOURCE_DIR) + "/scripts/demo-stack", "--quiet"}, {},
                           env, 180s);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto recheck = run_command(
      {"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/integration/demo_account_check.py"}, {},
      env, 120s);
  ASSERT_EQ(recheck.exit_code, 0) << recheck.out << recheck.err;
  auto facts2 = parse_facts(recheck.out);
  for (const char* key :
       {"instances", "databases", "alarms_in_alarm", "log_groups", "secrets", "ecs_clusters",
        "prod_services", "prod_running_tasks", "stopped_with_reason", "healthy_targets"}) {
    EXPECT_EQ(facts2[key], facts[key]) << key;
  }

  // SIGTERM: the script's own traps must clean up.
  EXPECT_EQ(demo.stop(), 143) << demo.log();
  for (int pid : pids) EXPECT_TRUE(process_gone(pid)) << "pid " << pid << " still running";
  EXPECT_FALSE(wait_for_port(port, 300ms)) << "port " << port << " still accepts connections";
  EXPECT_FALSE(fs::exists(demo_dir)) << demo_dir;
  EXPECT_NE(demo.log().find("demo: stopped"), std::string::npos) << demo.log();
}
