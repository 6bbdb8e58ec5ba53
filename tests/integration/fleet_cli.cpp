// `opsdeck alarms|instances|databases --fleet NAME` (and --profiles / --regions) against
// signature-checking moto with real account separation (tests/support/fleet_world.hpp):
// two accounts reached through role_arn + source_profile profiles, several regions, a
// member whose credentials are rejected, one whose SSO token has expired and one whose
// endpoint is a closed loopback port.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/fleet_world.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck::testing {
namespace {

constexpr const char* kAccountA = FleetWorld::kAccountA;
constexpr const char* kAccountB = FleetWorld::kAccountB;

FleetWorld* g_world = nullptr;

class FleetEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { g_world = new FleetWorld(); }
  void TearDown() override {
    delete g_world;
    g_world = nullptr;
  }
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new FleetEnvironment);

FleetWorld& world() { return *g_world; }

RunResult opsdeck(std::vector<std::string> args) {
  std::vector<std::string> argv{OPSDECK_BINARY, "--config", world().config_path(), "--endpoint-url",
                                shared_moto().endpoint()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, {}, world().env(), std::chrono::seconds(120));
}

nlohmann::json json_out(const RunResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
  return j;
}

std::string seeded_firing(const std::string& member) { return world().firing(member); }

TEST(FleetCli, AlarmsFromTwoAccountsFirstWithEveryFailedMemberExplained) {
  auto r = opsdeck({"alarms", "--fleet", "oncall", "--output", "json"});
  EXPECT_EQ(r.exit_code, 8) << r.err;  // partial: documented in README's exit codes
  auto rows = json_out(r);
  ASSERT_EQ(rows.size(), 6u) << r.out;  // 2 alarms in each of the 3 members that answered
  std::map<std::string, nlohmann::json> by_name;
  std::set<std::string> accounts;
  for (const auto& row : rows) {
    by_name[row["name"]] = row;
    accounts.insert(row["account"].get<std::string>());
  }
  EXPECT_EQ(accounts, (std::set<std::string>{kAccountA, kAccountB}));
  // Each alarm is reported in the account and region it lives in: moto keeps the accounts apart.
  auto a_east = seeded_firing(std::string(kAccountA) + "/us-east-1");
  auto a_west = seeded_firing(std::string(kAccountA) + "/eu-west-1");
  auto b_east = seeded_firing(std::string(kAccountB) + "/us-east-1");
  ASSERT_TRUE(by_name.count(a_west)) << r.out;
  EXPECT_EQ(by_name[a_west]["account"], kAccountA);
  EXPECT_EQ(by_name[a_west]["region"], "eu-west-1");
  EXPECT_EQ(by_name[a_west]["profile"], "acct-a");
  ASSERT_TRUE(by_name.count(b_east)) << r.out;
  EXPECT_EQ(by_name[b_east]["account"], kAccountB);
  EXPECT_EQ(by_name[b_east]["profile"], "acct-b");
  // ALARM first across the fleet, then the longest in its state (seeded in member order).
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(rows[i]["state"], "ALARM") << r.out;
  for (std::size_t i = 3; i < 6; ++i) EXPECT_EQ(rows[i]["state"], "OK") << r.out;
  EXPECT_LE(rows[0]["updated"].get<std::string>(), rows[1]["updated"].get<std::string>());
  EXPECT_LE(rows[1]["updated"].get<std::string>(), rows[2]["updated"].get<std::string>());
  EXPECT_TRUE(by_name.count(a_east)) << r.out;

  // Every failed member on stderr: which one, why, and what to run.
  EXPECT_NE(r.err.find("fleet member broken/us-east-1: credentials missing or rejected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("aws configure list --profile broken"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fleet member sso-dev/us-east-1: SSO session expired"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run: aws sso login --profile sso-dev"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fleet member dead/us-east-1: endpoint unreachable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1:" + std::to_string(world().dead_port())), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3 of 6 fleet members failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("OLDTOKEN"), std::string::npos);  // never a secret on stderr
}

TEST(FleetCli, InstancesAndDatabasesTablesCarryAccountProfileRegion) {
  auto inst = opsdeck({"instances", "--fleet", "healthy", "--output", "json"});
  ASSERT_EQ(inst.exit_code, 0) << inst.err;
  std::map<std::string, std::string> account_of;
  for (const auto& row : json_out(inst))
    if (row["source"] == "ec2") account_of[row["id"]] = row["account"].get<std::string>() + "/" + row["region"].get<std::string>();
  ASSERT_EQ(account_of.size(), 3u) << inst.out;
  for (const auto& [member, seeded] : world().seeded()["members"].items())
    for (const auto& id : seeded["instances"]) EXPECT_EQ(account_of[id], member) << id;

  auto db = opsdeck({"databases", "--fleet", "healthy"});
  ASSERT_EQ(db.exit_code, 0) << db.err;
  EXPECT_EQ(db.out.rfind("ACCOUNT", 0), 0u) << db.out;
  EXPECT_NE(db.out.find("PROFILE"), std::string::npos) << db.out;
  EXPECT_NE(db.out.find("REGION"), std::string::npos) << db.out;
  for (const auto& [member, seeded] : world().seeded()["members"].items())
    for (const auto& id : seeded["databases"]) EXPECT_NE(db.out.find(id.get<std::string>()), std::string::npos) << id;
}

TEST(FleetCli, ProfilesAndRegionsFlagsMakeAFleet) {
  auto r = opsdeck({"alarms", "--profiles", "acct-a,acct-b", "--regions", "us-east-1", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> accounts;
  for (const auto& row : json_out(r)) {
    accounts.insert(row["account"].get<std::string>());
    EXPECT_EQ(row["region"], "us-east-1");
  }
  EXPECT_EQ(accounts, (std::set<std::string>{kAccountA, kAccountB}));

  auto only_broken = opsdeck({"alarms", "--profiles", "broken", "--regions", "us-east-1"});
  EXPECT_EQ(only_broken.exit_code, 3) << only_broken.err;  // no member answered: its own code
  EXPECT_TRUE(only_broken.out.empty()) << only_broken.out;

  auto unknown = opsdeck({"alarms", "--fleet", "oncal"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown fleet 'oncal'"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("oncall"), std::string::npos) << unknown.err;
}

TEST(FleetCli, ConfigCheckAcceptsTheFleetsAndNamesAMistake) {
  auto ok = run_command({OPSDECK_BINARY, "config", "check", world().config_path()}, {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  auto bad_path = (world().home() / "bad.json").string();
  write_file(bad_path, R"({"fleets": {"x": {"members": [{"environment": "prod"}]}}})");
  auto bad = run_command({OPSDECK_BINARY, "config", "check", bad_path}, {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(bad.exit_code, 7);
  EXPECT_NE((bad.out + bad.err).find("no environment called 'prod'"), std::string::npos) << bad.out << bad.err;
}

}  // namespace
}  // namespace opsdeck::testing
