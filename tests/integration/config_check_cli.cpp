// `opsdeck config check [FILE]` as the operator runs it: one line per problem with where it
// is and what to do, exit 0 for a valid config (warnings allowed) and 7 for a broken one.

#include <gtest/gtest.h>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::run_command;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;

class ConfigCheckCli : public ::testing::Test {
 protected:
  RunResult check(std::vector<std::string> args) const {
    std::vector<std::string> argv = {OPSDECK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, {}, {{"XDG_CONFIG_HOME", (dir_.path() / "xdg").string()}});
  }
  std::string file(const std::string& name, const std::string& text) const {
    write_file(dir_.path() / name, text);
    return (dir_.path() / name).string();
  }
  TempDir dir_;
};

TEST_F(ConfigCheckCli, TheExampleIsValid) {
  auto r = check({"config", "check", std::string(OPSDECK_SOURCE_DIR) + "/examples/config.json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("examples/config.json is valid\n"), std::string::npos) << r.out;
}

TEST_F(ConfigCheckCli, ASyntaxErrorExitsSevenWithLineAndFix) {
  auto path = file("broken.json", "{\n  \"environments\": {,}\n}\n");
  auto r = check({"config", "check", path});
  EXPECT_EQ(r.exit_code, 7) << r.out << r.err;
  EXPECT_NE(r.out.find("error: " + path + ":2:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" — fix the file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is invalid: 1 error\n"), std::string::npos) << r.out;
}

TEST_F(ConfigCheckCli, WarningsAloneKeepExitZeroAndTheGlobalConfigFlagIsUsed) {
  auto path = file("typo.json", R"({"environments": {"dev": {"regoin": "us-east-1"}}})");
  auto r = check({"--config", path, "config", "check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning: config " + path + ": $.environments.dev.regoin is not a setting opsdeck reads"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("is valid (1 warning)\n"), std::string::npos) << r.out;
}

TEST_F(ConfigCheckCli, AnUnknownEnvironmentAndAMissingFileAreErrors) {
  auto path = file("env.json", R"({"environments": {"prod": {}},
    "services": {"api": {"environment": "stage", "deploy": {"type": "ssh", "host": "h", "command": "c"}}}})");
  auto r = check({"config", "check", path});
  EXPECT_EQ(r.exit_code, 7) << r.out;
  EXPECT_NE(r.out.find("names 'stage', which is not in $.environments — use one of: prod"), std::string::npos) << r.out;

  auto missing = check({"config", "check", (dir_.path() / "nope.json").string()});
  EXPECT_EQ(missing.exit_code, 7);
  EXPECT_NE(missing.out.find("cannot read"), std::string::npos) << missing.out;

  auto none = check({"config", "check"});  // no file at the default path: defaults
  EXPECT_EQ(none.exit_code, 0) << none.out;
  EXPECT_NE(none.out.find("no config at " + (dir_.path() / "xdg/opsdeck/config.json").string()), std::string::npos)
      << none.out;
}

}  // namespace
}  // namespace opsdeck
