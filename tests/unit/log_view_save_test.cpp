// Saving the log view (S): never through a symlink, new files 0600, an existing file only
// replaced after "overwrite? y/N" is answered y — by LogView::save and through LogScreen.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "app/console/log_screen.hpp"
#include "app/logs/log_buffer.hpp"
#include "app/logs/log_buffer_view_source.hpp"
#include "tests/support/child_process.hpp"
#include "widgets/log_view.hpp"

namespace opsdeck::app {
namespace {

namespace fs = std::filesystem;
using opsdeck::testing::read_file;
using opsdeck::testing::TempDir;
using opsdeck::testing::write_file;
using ui::SaveMode;
using ui::SaveResult;

constexpr std::int64_t kT = 1'795'255'200'000;  // 2026-11-21T10:00:00Z

struct View {
  LogBuffer buf;
  LogBufferViewSource src{buf};
  ui::LogView view{src};
  View() {
    const auto s = buf.intern_source("api");
    buf.append(kT, s, "one");
    buf.append(kT + 1, s, "two");
    view.refresh();
  }
  SaveResult save(const fs::path& p, SaveMode mode, std::string* err) const {
    return view.save(p.string(), std::nullopt, mode, err);
  }
};

const std::string kSaved = "2026-11-21T10:00:00.000Z api one\n2026-11-21T10:00:00.001Z api two\n";

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(LogViewSave, ANewFileIs0600WhateverTheUmask) {
  TempDir dir;
  View v;
  const mode_t old = ::umask(0);
  std::string err;
  const auto r = v.save(dir.path() / "out.log", SaveMode::CreateNew, &err);
  ::umask(old);
  ASSERT_EQ(r, SaveResult::Saved) << err;
  EXPECT_EQ(read_file(dir.path() / "out.log"), kSaved);
  EXPECT_EQ(mode_of(dir.path() / "out.log"), 0600u);
}

TEST(LogViewSave, AnExistingFileIsLeftAloneUnlessReplaceIsAsked) {
  TempDir dir;
  View v;
  const fs::path p = dir.path() / "out.log";
  write_file(p, "precious\n");
  std::string err;
  EXPECT_EQ(v.save(p, SaveMode::CreateNew, &err), SaveResult::Exists);
  EXPECT_EQ(err, p.string() + " exists");
  EXPECT_EQ(read_file(p), "precious\n");
  // Replace renames a new file over it: a hard link elsewhere keeps the old content.
  fs::create_hard_link(p, dir.path() / "other-link");
  ASSERT_EQ(v.save(p, SaveMode::Replace, &err), SaveResult::Saved) << err;
  EXPECT_EQ(read_file(p), kSaved);
  EXPECT_EQ(mode_of(p), 0600u);
  EXPECT_EQ(read_file(dir.path() / "other-link"), "precious\n");
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_TRUE(e.path().filename() == "out.log" || e.path().filename() == "other-link") << "temp left: " << e.path();
  // Replace where nothing exists simply creates it.
  ASSERT_EQ(v.save(dir.path() / "fresh.log", SaveMode::Replace, &err), SaveResult::Saved) << err;
  EXPECT_EQ(read_file(dir.path() / "fresh.log"), kSaved);
}

TEST(LogViewSave, ASymlinkIsNeverFollowedInEitherMode) {
  TempDir dir;
  View v;
  const fs::path victim = dir.path() / "victim";
  write_file(victim, "keep\n");
  fs::create_symlink(victim, dir.path() / "link.log");
  fs::create_symlink(dir.path() / "nowhere", dir.path() / "dangling.log");
  for (SaveMode mode : {SaveMode::CreateNew, SaveMode::Replace}) {
    std::string err;
    EXPECT_EQ(v.save(dir.path() / "link.log", mode, &err), SaveResult::Failed);
    EXPECT_EQ(err, (dir.path() / "link.log").string() + " is a symbolic link: not following it; choose another name");
    EXPECT_EQ(v.save(dir.path() / "dangling.log", mode, &err), SaveResult::Failed);
    EXPECT_NE(err.find("is a symbolic link"), std::string::npos) << err;
  }
  EXPECT_EQ(read_file(victim), "keep\n");
  EXPECT_FALSE(fs::exists(dir.path() / "nowhere"));
  EXPECT_TRUE(fs::is_symlink(dir.path() / "link.log"));
}

TEST(LogViewSave, ADirectoryIsRefused) {
  TempDir dir;
  View v;
  fs::create_directories(dir.path() / "sub");
  for (SaveMode mode : {SaveMode::CreateNew, SaveMode::Replace}) {
    std::string err;
    EXPECT_EQ(v.save(dir.path() / "sub", mode, &err), SaveResult::Failed);
    EXPECT_EQ(err, (dir.path() / "sub").string() + " is a directory: give a file name");
  }
  EXPECT_TRUE(fs::is_empty(dir.path() / "sub"));
}

struct Screen {
  LogScreen screen;
  ui::CellGrid grid{100, 6};
  explicit Screen(const fs::path& dir) {
    screen.set_group("/app/api");
    screen.set_save_dir(dir.string());
    screen.add_events({LogEvent{"/app/api", "web-1", kT, kT, "id1", "hello"}});
  }
  void type(const std::string& keys) {
    for (char c : keys) screen.handle_key(ui::KeyEvent::character(static_cast<char32_t>(c)));
  }
  void enter() { screen.handle_key(ui::KeyEvent::of(ui::Key::Enter)); }
  std::string bottom() {
    grid.clear();
    screen.draw(grid, grid.bounds(), kT);
    return grid.row_text(grid.height() - 1);
  }
};

TEST(LogScreenSave, AnExistingFileAsksBeforeOverwritingAndOnlyYReplacesIt) {
  TempDir dir;
  Screen s(dir.path());
  const fs::path p = dir.path() / "out.log";
  write_file(p, "precious\n");
  s.type("Sout.log");
  s.enter();
  ASSERT_TRUE(s.screen.confirming_overwrite());
  EXPECT_EQ(s.bottom().rfind(p.string() + " exists: overwrite? y/N", 0), 0u) << s.bottom();
  s.type("n");
  EXPECT_FALSE(s.screen.prompting());
  EXPECT_EQ(s.screen.message(), "not saved: " + p.string() + " exists (left unchanged)");
  EXPECT_EQ(read_file(p), "precious\n");

  s.type("Sout.log");
  s.enter();
  EXPECT_EQ(s.screen.handle_key(ui::KeyEvent::of(ui::Key::Escape)), ui::Outcome::Redraw) << "Esc answers no";
  EXPECT_EQ(read_file(p), "precious\n");
  s.type("Sout.log");
  s.enter();
  s.type("x");  // any other key is a no, and is not taken as a command (x = exclude)
  EXPECT_FALSE(s.screen.prompting());
  EXPECT_EQ(read_file(p), "precious\n");

  s.type("Sout.log");
  s.enter();
  s.type("y");
  EXPECT_FALSE(s.screen.prompting());
  EXPECT_EQ(s.screen.message(), "saved 1 lines to " + p.string());
  EXPECT_EQ(read_file(p), "2026-11-21T10:00:00.000Z /app/api/web-1 hello\n");
}

TEST(LogScreenSave, ASymlinkOrADirectoryIsRefusedWithAMessage) {
  TempDir dir;
  Screen s(dir.path());
  write_file(dir.path() / "victim", "keep\n");
  fs::create_symlink(dir.path() / "victim", dir.path() / "link.log");
  fs::create_directories(dir.path() / "sub");
  s.type("Slink.log");
  s.enter();
  EXPECT_FALSE(s.screen.prompting()) << "no overwrite question for a symlink";
  EXPECT_EQ(s.screen.message(),
            "not saved: " + (dir.path() / "link.log").string() + " is a symbolic link: not following it; choose another name");
  s.type("Ssub");
  s.enter();
  EXPECT_EQ(s.screen.message(), "not saved: " + (dir.path() / "sub").string() + " is a directory: give a file name");
  EXPECT_EQ(read_file(dir.path() / "victim"), "keep\n");
}

}  // namespace
}  // namespace opsdeck::app
