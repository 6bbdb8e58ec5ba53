// Small facts `opsdeck doctor` reports: region names (aws/regions.hpp), what terminfo says
// about a terminal type (widgets/terminal_capabilities.hpp), programs on PATH
// (ssh/program_lookup.hpp).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "aws/regions.hpp"
#include "ssh/program_lookup.hpp"
#include "tests/support/child_process.hpp"
#include "widgets/terminal_capabilities.hpp"

namespace opsdeck {
namespace {

TEST(Regions, WellFormedNamesAndKnownOnes) {
  for (const char* good : {"us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-5", "cn-northwest-1"})
    EXPECT_TRUE(aws::region_well_formed(good)) << good;
  for (const char* bad : {"", "us-east1", "useast1", "US-EAST-1", "us-east-", "-east-1", "us--east-1", "us-east-1a",
                          "us-east-1 ", "east-1"})
    EXPECT_FALSE(aws::region_well_formed(bad)) << bad;
  EXPECT_TRUE(aws::region_known("eu-west-1"));
  EXPECT_FALSE(aws::region_known("us-nowhere-9"));
  for (const auto& r : aws::known_regions()) EXPECT_TRUE(aws::region_well_formed(r)) << r;
}

TEST(TerminalCapabilities, ReadsColoursFromTerminfo) {
  ui::TerminalCapabilities xterm = ui::terminal_capabilities("xterm-256color");
  EXPECT_TRUE(xterm.known);
  EXPECT_EQ(xterm.colours, 256);
  ui::TerminalCapabilities vt100 = ui::terminal_capabilities("vt100");
  EXPECT_TRUE(vt100.known);
  EXPECT_EQ(vt100.colours, 0);
  EXPECT_FALSE(ui::terminal_capabilities("no-such-terminal-type").known);
  EXPECT_FALSE(ui::terminal_capabilities("").known);
}

TEST(ProgramLookup, OnlyAbsolutePathDirectoriesAreSearched) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "tool", "#!/bin/sh\n");
  ::chmod((dir.path() / "tool").c_str(), 0755);
  testing::write_file(dir.path() / "plain", "not executable\n");
  const char* saved = std::getenv("PATH");
  const std::string before = saved ? saved : "";
  ::setenv("PATH", ("relative:" + dir.path().string()).c_str(), 1);
  EXPECT_EQ(ssh::find_program("tool"), (dir.path() / "tool").string());
  EXPECT_EQ(ssh::find_program("plain"), std::nullopt);
  // "." and an empty element name the current directory: never searched, even from there.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  ::setenv("PATH", ".::/nonexistent", 1);
  EXPECT_EQ(ssh::find_program("tool"), std::nullopt);
  std::filesystem::current_path(cwd);
  ::setenv("PATH", before.c_str(), 1);
}

}  // namespace
}  // namespace opsdeck
