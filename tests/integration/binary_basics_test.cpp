// The binary's front door, run as a user would: --version, --help naming every subcommand
// and global flag of DESIGN.md, and usage errors (unknown flag, unknown subcommand, a bad
// flag of a subcommand) exiting 2 with the reason and the usage on stderr, nothing on
// stdout. No peer is needed: nothing here reaches the network.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {
namespace {

RunResult opsdeck(const std::vector<std::string>& args) {
  std::vector<std::string> argv{OPSDECK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

TEST(BinaryBasics, VersionPrintsNameAndVersion) {
  auto r = opsdeck({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string("opsdeck ") + OPSDECK_VERSION + "\n");
  EXPECT_EQ(r.err, "");
}

TEST(BinaryBasics, HelpListsEverySubcommandAndGlobalFlag) {
  auto r = opsdeck({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* sub : {"instances", "databases", "alarms", "services", "logs", "runbook", "ssm", "ssh", "deploy"}) {
    EXPECT_NE(r.out.find(std::string("\n  ") + sub + " "), std::string::npos) << sub << "\n" << r.out;
  }
  for (const char* flag :
       {"--profile", "--region", "--endpoint-url", "--config", "--env", "--readonly", "--theme", "--version", "--help"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag << "\n" << r.out;
  }
  EXPECT_EQ(opsdeck({"-h"}).out, r.out);
}

TEST(BinaryBasics, SubcommandHelpShowsItsOwnFlags) {
  auto r = opsdeck({"logs", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* flag : {"--follow", "--since", "--filter", "--output"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag << "\n" << r.out;
  }
}

TEST(BinaryBasics, UsageErrorsExit2WithTheReasonAndUsageOnStderr) {
  struct Case {
    std::vector<std::string> args;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {{"--frobnicate"}, "--frobnicate"},
      {{"frobnicate"}, "frobnicate"},
      {{"logs", "/app/api", "--bogus"}, "--bogus"},
      {{"instances", "--output", "xml"}, "xml"},
      {{"logs"}, "groups is required"},
      {{"--region"}, "--region"},
  };
  for (const auto& c : cases) {
    auto r = opsdeck(c.args);
    const std::string what = "opsdeck " + c.args.front() + (c.args.size() > 1 ? " ..." : "");
    EXPECT_EQ(r.exit_code, 2) << what << "\n" << r.err;
    EXPECT_EQ(r.out, "") << what;
    EXPECT_NE(r.err.find(c.reason), std::string::npos) << what << "\n" << r.err;
    EXPECT_NE(r.err.find("Usage: opsdeck"), std::string::npos) << what << "\n" << r.err;
  }
}

}  // namespace
}  // namespace opsdeck::testing
