// The files a tired operator's machine gets wrong, met by the real binary and the real
// audit writer: a state directory that cannot be written, a full disk (RLIMIT_FSIZE), a
// kill -9 in the middle of many appends, and an audit log someone else could read or
// redirect (a symlink, mode 0644, a group-writable directory). In every refusal the step
// does not run and the message says what to fix.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/audit_log.hpp"
#include "app/audit_reader.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/limited_child.hpp"

namespace opsdeck {
namespace {

using testing::ChildLimits;
using testing::read_file;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class FileFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "config.json", R"({"environments": {"dev": {}}, "default_environment": "dev"})");
    made_ = dir_.path() / "made";
    write_file(dir_.path() / "rb.md", "# Steps\n\n```bash\nmkdir -p " + made_.string() +
                                          "\n```\n\n```bash\necho read\n```\n");
  }

  // The environment of one run; an empty audit path leaves OPSDECK_AUDIT_LOG unset (the
  // log then lives in $XDG_STATE_HOME/opsdeck).
  std::map<std::string, std::string> env(const std::string& audit, const fs::path& state) const {
    std::map<std::string, std::string> e = {
        {"AWS_ACCESS_KEY_ID", "AKIDTEST"},
        {"AWS_SECRET_ACCESS_KEY", "test-secret"},
        {"AWS_REGION", "us-east-1"},
        {"AWS_EC2_METADATA_DISABLED", "true"},
        {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
        {"AWS_CONFIG_FILE", (dir_.path() / "no-aws-config").string()},
        {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "no-aws-credentials").string()},
        {"XDG_STATE_HOME", state.string()},
        {"XDG_CONFIG_HOME", (dir_.path() / "xdg-config").string()}};
    if (!audit.empty()) e["OPSDECK_AUDIT_LOG"] = audit;
    return e;
  }

  RunResult run_step(int step, const std::string& audit, ChildLimits limits = {}, fs::path state = {}) const {
    if (state.empty()) state = dir_.path() / "state";
    std::vector<std::string> argv = {OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string(),
                                     "runbook", (dir_.path() / "rb.md").string(), "--step", std::to_string(step)};
    return testing::run_limited(argv, env(audit, state), limits);
  }

  // The refusal every case below expects: non-zero, nothing ran, the audit named.
  void expect_not_run(const RunResult& r) const {
    EXPECT_NE(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("audit record could not be written"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(made_)) << "the step ran";
    EXPECT_EQ(r.out, "");
  }

  std::string audit_path() const { return (dir_.path() / "audit.jsonl").string(); }

  TempDir dir_;
  fs::path made_;
};

TEST_F(FileFaults, AnUnwritableStateDirectoryRefusesTheStepNamingThePath) {
  if (!testing::permission_bits_bind_children()) GTEST_SKIP() << "root without CAP_SETPCAP: a 0500 directory binds no one";
  const fs::path state = dir_.path() / "state-ro";
  fs::create_directories(state);
  fs::permissions(state, fs::perms::owner_read | fs::perms::owner_exec);
  ChildLimits limits;
  limits.drop_capabilities = true;
  auto r = run_step(1, "", limits, state);
  expect_not_run(r);
  EXPECT_NE(r.err.find((state / "opsdeck").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  auto read_only = run_step(2, "", limits, state);
  EXPECT_NE(read_only.exit_code, 0) << "read-only steps are audited too";
  EXPECT_EQ(read_only.out, "");
  fs::permissions(state, fs::perms::owner_all);
  EXPECT_FALSE(fs::exists(state / "opsdeck"));
}

// A file size limit just past an earlier record: the start record comes back short, the
// step does not run, and the file is cut back to the whole earlier record.
TEST_F(FileFaults, AFullDiskCutsTheRecordShortAndTheFileIsTruncatedBack) {
  app::AuditRecord earlier;
  earlier.action = "runbook.step";
  earlier.phase = "end";
  earlier.command = "echo earlier";
  ASSERT_TRUE(app::AuditLog(audit_path()).append(earlier).ok());
  const std::string before = read_file(audit_path());
  ChildLimits limits;
  limits.file_size_limit = before.size() + 40;
  auto r = run_step(1, audit_path(), limits);
  expect_not_run(r);
  EXPECT_NE(r.err.find("only 40 of"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the disk may be full"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(audit_path()), before) << "no partial line is left";
  auto contents = app::read_audit_log(audit_path());
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->whole()) << contents->report(audit_path());
  EXPECT_EQ(contents->records.size(), 1u);
}

TEST_F(FileFaults, AFullDiskAtTheFirstByteFailsWithFileTooLarge) {
  write_file(audit_path(), "");
  ::chmod(audit_path().c_str(), 0600);
  ChildLimits limits;
  limits.file_size_limit = 0;
  auto r = run_step(1, audit_path(), limits);
  expect_not_run(r);
  EXPECT_NE(r.err.find("cannot write audit log " + audit_path() + ": File too large"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(audit_path()), "");
}

// Writers appending records larger than a page (and PIPE_BUF) side by side, all killed
// with SIGKILL at once: every record that is there is whole, only the last line may be
// cut, and the next append starts on a fresh line.
TEST_F(FileFaults, KillNineInTheMiddleOfManyAppendsLeavesOnlyWholeLines) {
  constexpr int kWriters = 3;
  std::string pad;  // short words: the redactor masks long ones as tokens
  while (pad.size() < 6000) pad += " pad";
  std::vector<pid_t> writers;
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      app::AuditLog log(audit_path());
      for (int seq = 0;; ++seq) {
        app::AuditRecord r;
        r.action = "test.append";
        r.phase = "start";
        r.command = "w" + std::to_string(w) + "-" + std::to_string(seq) + pad;
        if (!log.append(r).ok()) _exit(3);
      }
    }
    writers.push_back(pid);
  }
  // Wait for real progress (however slow the machine), then kill in mid-stream.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::size_t seen = 0;
  while (seen < 60 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::error_code ec;
    const auto size = fs::file_size(audit_path(), ec);
    seen = ec ? 0 : size / pad.size();
  }
  for (pid_t pid : writers) kill(pid, SIGKILL);
  for (pid_t pid : writers) {
    int st = 0;
    waitpid(pid, &st, 0);
    EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) << "a writer stopped on its own (status " << st << ")";
  }
  ASSERT_GE(seen, 60u) << "the writers made no progress";

  auto contents = app::read_audit_log(audit_path());
  ASSERT_TRUE(contents.ok()) << contents.error().describe();
  EXPECT_TRUE(contents->skipped.empty()) << "a corrupt line in the middle:\n" << contents->report(audit_path());
  EXPECT_GE(contents->records.size(), 55u);
  for (const auto& rec : contents->records) {
    const std::string command = rec["command"].get<std::string>();
    const std::size_t head = command.find(' ');
    ASSERT_NE(head, std::string::npos);
    EXPECT_EQ(command.substr(head), pad) << "records interleaved";
    EXPECT_EQ(command[0], 'w');
  }
  if (contents->torn_tail) std::printf("torn last line reported: %s", contents->report(audit_path()).c_str());

  const std::size_t whole = contents->records.size();
  app::AuditRecord after;
  after.action = "test.after";
  after.phase = "start";
  ASSERT_TRUE(app::AuditLog(audit_path()).append(after).ok());
  auto again = app::read_audit_log(audit_path());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->torn_tail) << again->report(audit_path());
  EXPECT_EQ(again->skipped.size(), contents->torn_tail ? 1u : 0u) << "only the cut record is lost";
  ASSERT_EQ(again->records.size(), whole + 1);
  EXPECT_EQ(again->records.back()["action"], "test.after");
}

TEST_F(FileFaults, ASymlinkedAuditLogIsRefused) {
  const fs::path real = dir_.path() / "elsewhere.jsonl";
  write_file(real, "");
  ::chmod(real.c_str(), 0600);
  fs::create_symlink(real, audit_path());
  auto r = run_step(1, audit_path());
  expect_not_run(r);
  EXPECT_NE(r.err.find("audit log " + audit_path() + " is a symbolic link"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(real), "") << "nothing written through the link";
}

TEST_F(FileFaults, AWorldReadableAuditLogIsRefusedWithTheChmodHint) {
  write_file(audit_path(), "");
  ::chmod(audit_path().c_str(), 0644);
  auto r = run_step(1, audit_path());
  expect_not_run(r);
  EXPECT_NE(r.err.find("audit log " + audit_path() + " is readable by others (mode 0644): chmod 600 " + audit_path()),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(audit_path()), "");
}

TEST_F(FileFaults, AGroupWritableAuditDirectoryIsRefused) {
  const fs::path shared = dir_.path() / "shared";
  fs::create_directories(shared);
  ::chmod(shared.c_str(), 0770);
  const std::string audit = (shared / "audit.jsonl").string();
  auto r = run_step(1, audit);
  expect_not_run(r);
  EXPECT_NE(r.err.find("audit log directory " + shared.string() + " is writable by others (mode 0770): chmod go-w " +
                       shared.string()),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(audit));
}

}  // namespace
}  // namespace opsdeck
