// The man page the build generates (`opsdeck manpage --console-keys README.md`) rendered
// by groff with every warning on, and read by man(1) as a local file: no warning, and the
// sections an operator looks for are there.

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::read_file;
using testing::run_command;
namespace fs = std::filesystem;

const fs::path kPage = fs::path(OPSDECK_BINARY).parent_path() / "generated" / "opsdeck.1";

TEST(ManPage, GroffRendersItWithoutAWarning) {
  ASSERT_TRUE(fs::exists(kPage));
  auto r = run_command({"groff", "-man", "-Tutf8", "-ww", "-z", kPage.string()});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
}

TEST(ManPage, ManShowsTheSectionsAndTheCommands) {
  auto r = run_command({"man", "-l", kPage.string()}, {}, {{"MANPAGER", "cat"}, {"PAGER", "cat"}, {"MANWIDTH", "100"},
                                                          {"LANG", "C.UTF-8"}, {"MAN_KEEP_FORMATTING", ""}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::string text;  // without overstrike bold (c\bc)
  for (size_t i = 0; i < r.out.size(); ++i) {
    if (i + 1 < r.out.size() && r.out[i + 1] == '\b') {
      ++i;
      continue;
    }
    text += r.out[i];
  }
  for (const char* want : {"NAME", "SYNOPSIS", "GLOBAL OPTIONS", "COMMANDS", "CONSOLE KEYS", "ENVIRONMENT",
                           "FILES", "EXIT STATUS", "opsdeck doctor", "opsdeck config check", "opsdeck ssm run",
                           "--endpoint-url", "OPSDECK_NETWORK", "session-manager-plugin", "Exit: 0 deployed and healthy"})
    EXPECT_NE(text.find(want), std::string::npos) << want;
  EXPECT_NE(text.find("WHAT HAPPENED — WHAT TO DO"), std::string::npos);  // non-ASCII survives groff
}

TEST(ManPage, TheGeneratedPageIsWhatTheBinaryPrints) {
  auto r = run_command({OPSDECK_BINARY, "manpage", "--console-keys", std::string(OPSDECK_SOURCE_DIR) + "/README.md"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(kPage), r.out) << "build/generated/opsdeck.1 is stale: rebuild";
  auto missing = run_command({OPSDECK_BINARY, "manpage", "--console-keys", "/nonexistent/README.md"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read /nonexistent/README.md"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace opsdeck
