// `opsdeck config check`: every reader's verdict on one file, plus what none of them sees
// (unknown keys, a service's unknown environment, missing runbook files).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/config_check.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::app {
namespace {

std::string all_text(const ConfigCheckReport& r) {
  std::string s;
  for (const auto& p : r.problems) s += (p.error ? "E " : "W ") + p.what + " | " + p.fix + "\n";
  return s;
}

TEST(ConfigCheck, TheShippedExampleIsValidWithoutWarnings) {
  ConfigCheckReport r = check_config_file(std::string(OPSDECK_SOURCE_DIR) + "/examples/config.json");
  EXPECT_TRUE(r.exists);
  EXPECT_TRUE(r.problems.empty()) << all_text(r);
}

TEST(ConfigCheck, ASyntaxErrorNamesLineAndColumn) {
  ConfigCheckReport r = check_config_text("{\n  \"environments\": {\n    \"prod\": { \"region\": us-east-1 }\n  }\n}\n", "c.json");
  ASSERT_EQ(r.errors(), 1) << all_text(r);
  EXPECT_NE(r.problems[0].what.find("c.json:3:"), std::string::npos) << all_text(r);
  EXPECT_FALSE(r.problems[0].fix.empty());
}

TEST(ConfigCheck, AWrongTypeNamesItsJsonPath) {
  ConfigCheckReport r = check_config_text(R"({"environments": {"prod": {"region": 5}}})", "c.json");
  ASSERT_EQ(r.errors(), 1) << all_text(r);
  EXPECT_NE(r.problems[0].what.find("$.environments.prod.region"), std::string::npos) << all_text(r);

  r = check_config_text(R"({"refresh": {"alarms_seconds": "soon"}, "shell": {"method": "telnet"}})", "c.json");
  EXPECT_EQ(r.errors(), 1) << all_text(r);  // one reader, its first error
  EXPECT_NE(all_text(r).find("$.refresh.alarms_seconds"), std::string::npos) << all_text(r);
}

TEST(ConfigCheck, EachReaderReportsItsOwnMistake) {
  ConfigCheckReport r = check_config_text(R"({
    "default_environment": "staging",
    "environments": {"prod": {}},
    "shell": {"ssh_port": 70000},
    "services": {"api": {"deploy": {"type": "ftp"}}}
  })", "c.json");
  std::string text = all_text(r);
  EXPECT_EQ(r.errors(), 3) << text;
  EXPECT_NE(text.find("no environment called 'staging'"), std::string::npos) << text;
  EXPECT_NE(text.find("ssh_port"), std::string::npos) << text;
  EXPECT_NE(text.find("'ftp' is not one of ssm, ssh, ecs, lightsail"), std::string::npos) << text;
}

TEST(ConfigCheck, AServiceNamingAnUnknownEnvironmentIsAnError) {
  ConfigCheckReport r = check_config_text(R"({
    "environments": {"prod": {}, "dev": {}},
    "services": {"api": {"environment": "staging", "deploy": {"type": "ssh", "host": "h", "command": "c"}}}
  })", "c.json");
  ASSERT_EQ(r.errors(), 1) << all_text(r);
  EXPECT_NE(r.problems[0].what.find("$.services.api.environment names 'staging'"), std::string::npos) << all_text(r);
  EXPECT_NE(r.problems[0].fix.find("dev, prod"), std::string::npos) << all_text(r);
}

TEST(ConfigCheck, UnknownKeysAreWarningsWithTheNearestName) {
  ConfigCheckReport r = check_config_text(R"({
    "_about": "a comment",
    "environments": {"prod": {"regoin": "us-east-1"}},
    "refresh": {"ecs_seconds": 10},
    "colour": "red"
  })", "c.json");
  std::string text = all_text(r);
  EXPECT_EQ(r.errors(), 0) << text;
  EXPECT_EQ(r.warnings(), 3) << text;
  EXPECT_NE(text.find("$.environments.prod.regoin is not a setting opsdeck reads"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean \"region\"?"), std::string::npos) << text;
  EXPECT_NE(text.find("$.refresh.ecs_seconds"), std::string::npos) << text;
  EXPECT_NE(text.find("$.colour"), std::string::npos) << text;
  EXPECT_EQ(text.find("_about"), std::string::npos) << text;
}

TEST(ConfigCheck, MissingRunbookFilesAreWarnings) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "here.md", "# Here\n");
  const std::string path = (dir.path() / "config.json").string();
  testing::write_file(path, R"({"alarm_runbooks": {"cpu-high": "here.md", "disk-full": "gone.md"}})");
  ConfigCheckReport r = check_config_file(path);
  std::string text = all_text(r);
  EXPECT_EQ(r.errors(), 0) << text;
  ASSERT_EQ(r.warnings(), 1) << text;
  EXPECT_NE(text.find("gone.md (alarm disk-full) does not exist"), std::string::npos) << text;
}

TEST(ConfigCheck, AMissingFileIsAnErrorOnlyWhenNamed) {
  testing::TempDir dir;
  ConfigCheckReport named = check_config_file((dir.path() / "nope.json").string());
  EXPECT_TRUE(named.exists);
  ASSERT_EQ(named.errors(), 1);
  EXPECT_NE(named.problems[0].what.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::app
