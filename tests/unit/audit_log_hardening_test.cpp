// The audit log writer against a file and directory someone else prepared (symlinks,
// loose modes, another owner, a FIFO, a group-writable directory), a disk that fills up
// in the middle of a record, a record cut short by a kill, concurrent writers of records
// larger than PIPE_BUF; and the reader that reports cut lines instead of failing on them.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/audit_log.hpp"
#include "app/audit_reader.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::app {
namespace {

namespace fs = std::filesystem;
using opsdeck::testing::read_file;
using opsdeck::testing::TempDir;
using opsdeck::testing::write_file;

AuditRecord record(const std::string& command = "echo hi") {
  AuditRecord r;
  r.action = "runbook.step";
  r.phase = "start";
  r.target = "local";
  r.command = command;
  return r;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

std::string append_error(const std::string& path) {
  auto r = AuditLog(path).append(record());
  return r.ok() ? std::string("(appended)") : r.error().describe();
}

// Sets the process umask for one scope: the modes below must not depend on it.
struct Umask {
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
  mode_t old;
};

TEST(AuditLogHardening, CreatesTheFile0600AndEachMissingDirectory0700WhateverTheUmask) {
  TempDir dir;
  Umask open_umask(0);
  fs::create_directories(dir.path() / "kept");
  ::chmod((dir.path() / "kept").c_str(), 0755);
  const fs::path log = dir.path() / "kept" / "a" / "b" / "audit.jsonl";
  ASSERT_TRUE(AuditLog(log.string()).append(record()).ok());
  EXPECT_EQ(mode_of(log), 0600u);
  EXPECT_EQ(mode_of(dir.path() / "kept" / "a"), 0700u);
  EXPECT_EQ(mode_of(dir.path() / "kept" / "a" / "b"), 0700u);
  EXPECT_EQ(mode_of(dir.path() / "kept"), 0755u) << "an existing directory is left as it is";
}

TEST(AuditLogHardening, RefusesASymlinkEvenADanglingOneAndWritesNothingThroughIt) {
  TempDir dir;
  const fs::path target = dir.path() / "target";
  write_file(target, "");
  ::chmod(target.c_str(), 0600);
  fs::create_symlink(target, dir.path() / "audit.jsonl");
  std::string err = append_error((dir.path() / "audit.jsonl").string());
  EXPECT_NE(err.find("is a symbolic link"), std::string::npos) << err;
  EXPECT_EQ(read_file(target), "");

  fs::create_symlink(dir.path() / "nowhere", dir.path() / "dangling.jsonl");
  err = append_error((dir.path() / "dangling.jsonl").string());
  EXPECT_NE(err.find("is a symbolic link"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir.path() / "nowhere")) << "the link was followed to create its target";
}

TEST(AuditLogHardening, RefusesGroupOrOtherPermissionBitsSayingHowToFixThem) {
  TempDir dir;
  const std::string path = (dir.path() / "audit.jsonl").string();
  write_file(path, "");
  ::chmod(path.c_str(), 0644);
  EXPECT_EQ(append_error(path).rfind("audit log " + path + " is readable by others (mode 0644): chmod 600 " + path, 0),
            0u)
      << append_error(path);
  ::chmod(path.c_str(), 0620);
  EXPECT_NE(append_error(path).find("is writable by others (mode 0620): chmod 600"), std::string::npos);
  EXPECT_EQ(read_file(path), "") << "nothing written to a file others can reach";
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(append_error(path), "(appended)");
}

TEST(AuditLogHardening, RefusesAFileOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  TempDir dir;
  const std::string path = (dir.path() / "audit.jsonl").string();
  write_file(path, "");
  ::chmod(path.c_str(), 0600);
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  std::string err = append_error(path);
  EXPECT_NE(err.find("belongs to uid 65534, not to you"), std::string::npos) << err;
  EXPECT_EQ(read_file(path), "");
}

TEST(AuditLogHardening, RefusesADirectoryAndAFifoWithoutHanging) {
  TempDir dir;
  fs::create_directories(dir.path() / "adir");
  std::string err = append_error((dir.path() / "adir").string());
  EXPECT_NE(err.find("is a directory"), std::string::npos) << err;
  const fs::path fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  err = append_error(fifo.string());
  EXPECT_NE(err.find("is a FIFO, not a regular file"), std::string::npos) << err;
  err = append_error((dir.path() / "adir").string() + "/");
  EXPECT_NE(err.find("names a directory"), std::string::npos) << err;
}

TEST(AuditLogHardening, RefusesAGroupWritableDirectoryButNotAStickyOne) {
  TempDir dir;
  const fs::path shared = dir.path() / "shared";
  fs::create_directories(shared);
  ::chmod(shared.c_str(), 0775);
  std::string err = append_error((shared / "audit.jsonl").string());
  EXPECT_NE(err.find("audit log directory " + shared.string() + " is writable by others (mode 0775): chmod go-w " +
                     shared.string()),
            std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(shared / "audit.jsonl"));
  ::chmod(shared.c_str(), 01777);  // like /tmp: others cannot replace what is ours
  EXPECT_EQ(append_error((shared / "audit.jsonl").string()), "(appended)");
}

// The child appends under RLIMIT_FSIZE (SIGXFSZ ignored): the record would cross the
// limit, write(2) comes back short, and the file is cut back to its size before.
TEST(AuditLogHardening, AShortWriteIsAnErrorAndLeavesNoPartialLine) {
  TempDir dir;
  const std::string path = (dir.path() / "audit.jsonl").string();
  ASSERT_TRUE(AuditLog(path).append(record("echo first")).ok());
  const std::string before = read_file(path);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit rl{};
    ::getrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = static_cast<rlim_t>(before.size() + 25);
    ::setrlimit(RLIMIT_FSIZE, &rl);
    std::string err = append_error(path);
    (void)!::write(pipe_fds[1], err.data(), err.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) err.append(buf, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  EXPECT_NE(err.find("cannot write audit log " + path + ": only 25 of"), std::string::npos) << err;
  EXPECT_NE(err.find("(the disk may be full)"), std::string::npos) << err;
  EXPECT_EQ(err.find("partial line is left"), std::string::npos) << err;
  EXPECT_EQ(read_file(path), before);
}

TEST(AuditLogHardening, ARecordCutShortIsNotGluedOntoTheNextOne) {
  TempDir dir;
  const std::string path = (dir.path() / "audit.jsonl").string();
  ASSERT_TRUE(AuditLog(path).append(record("echo one")).ok());
  {  // what a writer killed mid-write leaves behind
    std::string text = read_file(path) + R"({"time":"2026-11-21T10:00:00.000Z","act)";
    write_file(path, text);
  }
  auto torn = read_audit_log(path);
  ASSERT_TRUE(torn.ok());
  EXPECT_EQ(torn->records.size(), 1u);
  ASSERT_TRUE(torn->torn_tail.has_value());
  EXPECT_EQ(torn->torn_tail->line, 2u);
  ASSERT_TRUE(AuditLog(path).append(record("echo two")).ok());
  auto after = read_audit_log(path);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->records.size(), 2u) << after->report(path);
  EXPECT_EQ(after->records[1]["command"], "echo two");
  ASSERT_EQ(after->skipped.size(), 1u);
  EXPECT_EQ(after->skipped[0].line, 2u);
  EXPECT_FALSE(after->torn_tail.has_value());
}

// Each append opens the file on its own, so threads here are as separate as processes.
TEST(AuditLogHardening, ConcurrentRecordsLargerThanPipeBufStayWhole) {
  TempDir dir;
  const std::string path = (dir.path() / "audit.jsonl").string();
  constexpr int kThreads = 3, kEach = 8;
  std::string pad;  // short words: the redactor masks long ones as tokens
  while (pad.size() < 3 * PIPE_BUF) pad += " pad";
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      AuditLog log(path);
      for (int i = 0; i < kEach; ++i)
        EXPECT_TRUE(log.append(record(std::to_string(t) + ":" + std::to_string(i) + pad)).ok());
    });
  for (auto& t : threads) t.join();
  auto contents = read_audit_log(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->whole()) << contents->report(path);
  ASSERT_EQ(contents->records.size(), static_cast<size_t>(kThreads * kEach));
  for (const auto& r : contents->records) {
    const std::string command = r["command"].get<std::string>();
    ASSERT_GT(command.size(), pad.size());
    EXPECT_EQ(command.substr(command.size() - pad.size()), pad) << "records interleaved";
  }
}

TEST(AuditReader, ReportsATornLastLineAndCorruptMiddleLinesWithoutTheirText) {
  const std::string good = R"({"phase":"start"})";
  auto whole = parse_audit_log(good + "\n" + good + "\n\n");
  EXPECT_EQ(whole.records.size(), 2u);
  EXPECT_TRUE(whole.whole());
  EXPECT_EQ(whole.report("x"), "");

  auto no_newline = parse_audit_log(good + "\n" + R"({"phase":"sta)");
  EXPECT_EQ(no_newline.records.size(), 1u);
  ASSERT_TRUE(no_newline.torn_tail.has_value());
  EXPECT_EQ(no_newline.torn_tail->line, 2u);
  EXPECT_EQ(no_newline.torn_tail->offset, good.size() + 1);
  EXPECT_NE(no_newline.torn_tail->reason.find("no newline"), std::string::npos);

  // Whole JSON but no newline: the write was still cut (before its newline).
  EXPECT_TRUE(parse_audit_log(good).torn_tail.has_value());
  // A crash can leave zeros where the data never reached the disk.
  auto zeros = parse_audit_log(good + "\n" + std::string(8, '\0') + "\n");
  ASSERT_TRUE(zeros.torn_tail.has_value());
  EXPECT_EQ(zeros.torn_tail->reason, "not a JSON object");

  auto middle = parse_audit_log(good + "\n" + R"({"secret":"hunter2)" + "\n" + "[1]\n" + good + "\n");
  EXPECT_EQ(middle.records.size(), 2u);
  ASSERT_EQ(middle.skipped.size(), 2u);
  EXPECT_EQ(middle.skipped[0].line, 2u);
  EXPECT_EQ(middle.skipped[1].line, 3u) << "JSON that is not an object is not a record";
  const std::string report = middle.report("/x/audit.jsonl");
  EXPECT_NE(report.find("audit log /x/audit.jsonl: line 2 (18 bytes at offset 18) skipped: not a JSON object"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("hunter2"), std::string::npos);
}

TEST(AuditReader, AMissingFileHasNoRecordsAndAnUnreadableOneIsAnError) {
  TempDir dir;
  auto missing = read_audit_log((dir.path() / "none.jsonl").string());
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->records.empty());
  auto a_dir = read_audit_log(dir.path().string());
  ASSERT_FALSE(a_dir.ok());
  EXPECT_NE(a_dir.error().message.find("cannot read audit log"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::app
