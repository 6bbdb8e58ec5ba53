// `cmake --install` and the Debian package, from the tree the tests run in (a separate
// Release tree would take too long for CI; scripts/package builds that one): every file
// lands in its GNU directory, the installed binary finds its themes relative to itself,
// and the .deb carries the binary, man page, completions and the right control fields.

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::read_file;
using testing::run_command;
using testing::TempDir;
namespace fs = std::filesystem;

const fs::path kBuild = fs::path(OPSDECK_BINARY).parent_path();

TEST(InstallTree, CmakeInstallPutsEveryFileInItsGnuDirectory) {
  TempDir dir;
  const fs::path prefix = dir.path() / "prefix";
  auto r = run_command({"cmake", "--install", kBuild.string(), "--prefix", prefix.string()}, {}, {},
                       std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* file : {"bin/opsdeck", "share/opsdeck/themes/dark.json", "share/opsdeck/themes/monochrome.json",
                           "share/doc/opsdeck/examples/config.json", "share/man/man1/opsdeck.1",
                           "share/bash-completion/completions/opsdeck", "share/zsh/site-functions/_opsdeck",
                           "share/fish/vendor_completions.d/opsdeck.fish"})
    EXPECT_TRUE(fs::is_regular_file(prefix / file)) << file;
  EXPECT_FALSE(fs::is_empty(prefix / "share/doc/opsdeck/examples/runbooks"));
  EXPECT_EQ(read_file(prefix / "share/bash-completion/completions/opsdeck"),
            read_file(kBuild / "generated/opsdeck.bash"));

  // The installed binary finds the installed themes (not the source tree's).
  auto doctor = run_command({(prefix / "bin/opsdeck").string(), "doctor"}, {},
                            {{"HOME", dir.path().string()},
                             {"OPSDECK_THEMES_DIR", ""},
                             {"AWS_CONFIG_FILE", (dir.path() / "none").string()},
                             {"AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "none").string()},
                             {"AWS_ACCESS_KEY_ID", ""},
                             {"AWS_PROFILE", ""},
                             {"XDG_CONFIG_HOME", dir.path().string()}});
  EXPECT_NE(doctor.out.find("OK    themes: " + (prefix / "share/opsdeck/themes").string() + " (4 themes)"),
            std::string::npos)
      << doctor.out << doctor.err;
}

TEST(InstallTree, CpackBuildsADebWithItsDependenciesAndFiles) {
  TempDir dir;
  auto r = run_command({"cpack", "--config", (kBuild / "CPackConfig.cmake").string(), "-B", dir.path().string()}, {},
                       {}, std::chrono::seconds(180));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  fs::path deb;
  for (const auto& e : fs::directory_iterator(dir.path()))
    if (e.path().extension() == ".deb") deb = e.path();
  ASSERT_FALSE(deb.empty()) << r.out;
  EXPECT_NE(deb.filename().string().find("opsdeck_"), std::string::npos) << deb;

  auto field = [&](const char* name) {
    auto f = run_command({"dpkg-deb", "-f", deb.string(), name});
    EXPECT_EQ(f.exit_code, 0) << f.err;
    return f.out;
  };
  const std::string depends = field("Depends");
  for (const char* lib : {"libc6", "libcurl4", "libssl3", "libssh2-1", "libncursesw6", "ca-certificates"})
    EXPECT_NE(depends.find(lib), std::string::npos) << lib << " not in Depends: " << depends;
  EXPECT_EQ(field("Package"), "opsdeck\n");
  EXPECT_EQ(field("Section"), "admin\n");
  EXPECT_NE(field("Maintainer").find("@"), std::string::npos);
  EXPECT_NE(field("Recommends").find("shfmt"), std::string::npos);
  const std::string description = field("Description");
  EXPECT_EQ(description.rfind("terminal operations console for AWS on-call work\n One curses screen", 0), 0u)
      << description;
  EXPECT_EQ(description.find("\n  "), std::string::npos) << description;  // one space of indent, as Debian wants

  auto contents = run_command({"dpkg-deb", "-c", deb.string()});
  ASSERT_EQ(contents.exit_code, 0) << contents.err;
  for (const char* file : {"./usr/bin/opsdeck", "./usr/share/opsdeck/themes/light.json",
                           "./usr/share/man/man1/opsdeck.1", "./usr/share/bash-completion/completions/opsdeck",
                           "./usr/share/zsh/site-functions/_opsdeck",
                           "./usr/share/fish/vendor_completions.d/opsdeck.fish",
                           "./usr/share/doc/opsdeck/examples/config.json"})
    EXPECT_NE(contents.out.find(std::string(file) + "\n"), std::string::npos) << file;
}

}  // namespace
}  // namespace opsdeck
