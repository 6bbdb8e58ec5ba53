// Runbook paths from alarms, the config or `:runbook` stay inside the runbook directories.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/runbook/runbook_path.hpp"
#include "tests/support/child_process.hpp"

namespace fs = std::filesystem;
using opsdeck::app::runbook::confine_runbook_path;
using opsdeck::aws::ErrorKind;

namespace {

// root/runbooks (A), root/more (B), root/secret and root/runbooks-evil outside, and links.
class RunbookPath : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::canonical(tmp.path());
    a = root / "runbooks";
    b = root / "more";
    fs::create_directories(a / "sub");
    fs::create_directories(b);
    fs::create_directories(root / "secret");
    fs::create_directories(root / "runbooks-evil");
    fs::create_directories(a / "dir.md");
    for (const fs::path& p : {a / "deploy.md", a / "sub" / "incident.markdown", a / "README.MD", a / "notes.txt",
                              b / "extra.md", root / "secret" / "passwd.md", root / "runbooks-evil" / "x.md"})
      opsdeck::testing::write_file(p, "# t\n");
    fs::create_symlink("../secret/passwd.md", a / "link-out.md");
    fs::create_symlink("sub/incident.markdown", a / "link-in.md");
    fs::create_symlink(root / "secret", a / "secret-dir");
    fs::create_symlink(a, root / "linkdir");
    ASSERT_EQ(::mkfifo((a / "fifo.md").c_str(), 0600), 0);
    dirs = {a.string(), b.string()};
  }

  std::string ok(std::string_view requested) {
    auto r = confine_runbook_path(requested, dirs);
    EXPECT_TRUE(r.ok()) << requested << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : "";
  }
  std::string refused(std::string_view requested) {
    auto r = confine_runbook_path(requested, dirs);
    EXPECT_FALSE(r.ok()) << requested << " was allowed: " << (r.ok() ? *r : "");
    if (r.ok()) return "";
    EXPECT_EQ(r.error().kind, ErrorKind::Usage);
    return r.error().message;
  }

  opsdeck::testing::TempDir tmp;
  fs::path root, a, b;
  std::vector<std::string> dirs;
};

}  // namespace

TEST_F(RunbookPath, RunbooksInsideTheDirectoriesResolveToTheirCanonicalPath) {
  EXPECT_EQ(ok("deploy.md"), (a / "deploy.md").string());
  EXPECT_EQ(ok("sub/incident.markdown"), (a / "sub" / "incident.markdown").string());
  EXPECT_EQ(ok("README.MD"), (a / "README.MD").string());  // extension in any case
  EXPECT_EQ(ok("extra.md"), (b / "extra.md").string());    // the second directory
  EXPECT_EQ(ok((a / "deploy.md").string()), (a / "deploy.md").string());
  EXPECT_EQ(ok("sub/../deploy.md"), (a / "deploy.md").string());
  EXPECT_EQ(ok("./sub//incident.markdown"), (a / "sub" / "incident.markdown").string());
  EXPECT_EQ(ok("link-in.md"), (a / "sub" / "incident.markdown").string());  // a link that stays inside
  EXPECT_EQ(ok("../more/extra.md"), (b / "extra.md").string());              // from A into B: still allowed
}

TEST_F(RunbookPath, DotDotEscapesAreRefusedWithTheAllowedDirectoriesNamed) {
  std::string m = refused("../secret/passwd.md");
  EXPECT_NE(m.find("runbook path ../secret/passwd.md is outside the runbook directories (" + a.string() + ", " +
                   b.string() + ")"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("resolves to " + (root / "secret" / "passwd.md").string()), std::string::npos) << m;
  EXPECT_NE(refused("../../../../../../../../etc/passwd").find("outside"), std::string::npos);
  EXPECT_NE(refused("../runbooks-evil/x.md").find("outside"), std::string::npos);  // a shared name prefix
  EXPECT_NE(refused("sub/../../secret/passwd.md").find("outside"), std::string::npos);
}

TEST_F(RunbookPath, AbsolutePathsOutsideAreRefused) {
  EXPECT_NE(refused("/etc/passwd").find("outside"), std::string::npos);
  EXPECT_NE(refused((root / "secret" / "passwd.md").string()).find("outside"), std::string::npos);
  EXPECT_NE(refused((a / ".." / "secret" / "passwd.md").string()).find("outside"), std::string::npos);
}

TEST_F(RunbookPath, SymlinksPointingOutsideAreRefused) {
  EXPECT_NE(refused("link-out.md").find("outside"), std::string::npos);
  EXPECT_NE(refused("secret-dir/passwd.md").find("outside"), std::string::npos);
}

TEST_F(RunbookPath, OnlyRegularMarkdownFiles) {
  EXPECT_NE(refused("notes.txt").find("not a Markdown file"), std::string::npos);
  EXPECT_NE(refused("dir.md").find("not a regular file"), std::string::npos);
  EXPECT_NE(refused("fifo.md").find("not a regular file"), std::string::npos);
  EXPECT_NE(refused("sub").find("not a regular file"), std::string::npos);
  std::string m = refused("missing.md");
  EXPECT_NE(m.find("runbook missing.md was not found in the runbook directories"), std::string::npos) << m;
}

TEST_F(RunbookPath, EmptyAndNulAreRefused) {
  EXPECT_NE(refused("").find("empty"), std::string::npos);
  EXPECT_NE(refused(std::string_view("deploy.md\0/../../etc/passwd", 27)).find("NUL"), std::string::npos);
}

TEST_F(RunbookPath, DirectoriesAreCanonicalisedAndMissingOnesSkipped) {
  dirs = {(root / "nope").string(), (root / "linkdir").string()};
  EXPECT_EQ(ok("deploy.md"), (a / "deploy.md").string());
  EXPECT_NE(refused("link-out.md").find("outside"), std::string::npos);
  dirs = {(root / "nope").string()};
  std::string m = refused("deploy.md");
  EXPECT_NE(m.find("no runbook directory exists"), std::string::npos) << m;
  dirs = {};
  EXPECT_NE(refused("deploy.md").find("no runbook directory exists"), std::string::npos);
}

TEST_F(RunbookPath, HostilePathIsShownInertInTheMessage) {
  std::string m = refused("\x1b]0;pwned\x07../../etc/passwd\n\xE2\x80\xAE.md");
  EXPECT_EQ(m.find('\x1b'), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_EQ(m.find("\xE2\x80\xAE"), std::string::npos) << m;
  EXPECT_NE(m.find("<U+202E>"), std::string::npos) << m;
}

TEST_F(RunbookPath, AMissingPathSpelledToLeadOutIsReportedAsOutside) {
  std::string m = refused("../../etc/passwd");
  EXPECT_NE(m.find("runbook path ../../etc/passwd is outside the runbook directories"), std::string::npos) << m;
  EXPECT_NE(refused("../nowhere/x.md").find("outside"), std::string::npos);
  EXPECT_NE(refused("sub/missing.md").find("was not found"), std::string::npos);
}
