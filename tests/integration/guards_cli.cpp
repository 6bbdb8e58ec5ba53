// The guards with the real binary, the way a careless or hostile runbook author would try
// to get past them: read-only judged from the shell syntax tree, values that never become
// syntax, production that follows the profile and the resource, the audit record before
// anything runs, and text that cannot drive the terminal.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::read_file;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class GuardsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "config.json", R"({
      "environments": {
        "prod": {"production": true, "profile": "prodprofile", "vars": {"CLUSTER": "clinic-prod"}},
        "dev": {"vars": {"CLUSTER": "clinic-dev"}}
      },
      "default_environment": "dev",
      "services": {
        "clinic-api": {"environment": "prod",
                       "deploy": {"type": "ssh", "host": "127.0.0.1:9", "command": "touch /tmp/never"}}
      }
    })");
    write_file(dir_.path() / "aws-config", "[profile prodprofile]\nregion = us-east-1\n");
  }

  std::map<std::string, std::string> env() const {
    return {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
            {"AWS_SECRET_ACCESS_KEY", "test-secret"},
            {"AWS_REGION", "us-east-1"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
            {"AWS_CONFIG_FILE", (dir_.path() / "aws-config").string()},
            {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "no-aws-credentials").string()},
            {"XDG_STATE_HOME", (dir_.path() / "state").string()},
            {"XDG_CONFIG_HOME", (dir_.path() / "xdg-config").string()},
            {"OPSDECK_AUDIT_LOG", audit_path_}};
  }

  RunResult opsdeck(std::vector<std::string> args) const {
    std::vector<std::string> argv = {OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::run_command(argv, {}, env());
  }

  std::string runbook(const std::string& text) const {
    auto p = dir_.path() / "rb.md";
    write_file(p, text);
    return p.string();
  }

  std::vector<nlohmann::json> audit_lines() const {
    std::vector<nlohmann::json> out;
    if (!fs::exists(audit_path_)) return out;
    std::string text = read_file(audit_path_);
    for (size_t start = 0; start < text.size();) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) break;
      out.push_back(nlohmann::json::parse(text.substr(start, nl - start)));
      start = nl + 1;
    }
    return out;
  }

  fs::path victim() const {
    fs::path v = dir_.path() / "victim";
    fs::create_directories(v);
    write_file(v / "data", "keep me");
    return v;
  }

  TempDir dir_;
  std::string audit_path_ = (dir_.path() / "audit.jsonl").string();
};

TEST_F(GuardsCli, ADestructiveCommandHiddenInAConditionIsStillDestructive) {
  fs::path v = victim();
  auto rb = runbook("# Cleanup\n\n```bash\nif rm -rf " + v.string() + "; then echo gone; fi\n```\n");
  auto r = opsdeck({"--env", "prod", "runbook", rb, "--step", "1"});  // stdin is not a terminal
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_TRUE(fs::exists(v / "data"));
  auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 1u) << "a refusal is audited";
  EXPECT_EQ(lines[0]["phase"], "refused");
}

TEST_F(GuardsCli, ReadOnlyRunsOnlyWhatIsProvenReadOnlyAndAuditsIt) {
  auto rb = runbook(
      "```bash\ndf -h / >/dev/null && echo fine\n```\n\n"
      "```bash\necho x 1>" + (dir_.path() / "motd").string() + "\n```\n\n"
      "```bash\nsystemctl --no-pager restart nothing-here\n```\n\n"
      "```bash\necho \"$(touch " + (dir_.path() / "sub").string() + ")\"\n```\n\n"
      "```bash\ncurl -sXPOST http://127.0.0.1:9/\n```\n");
  auto read = opsdeck({"--readonly", "runbook", rb, "--step", "1", "--target", "local"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "fine\n");
  for (const char* n : {"2", "3", "4", "5"}) {
    auto r = opsdeck({"--readonly", "runbook", rb, "--step", n, "--target", "local"});
    EXPECT_EQ(r.exit_code, 5) << "step " << n << ": " << r.err;
    EXPECT_NE(r.err.find("not proven read-only"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_.path() / "motd"));
  EXPECT_FALSE(fs::exists(dir_.path() / "sub"));
  auto lines = audit_lines();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0]["phase"], "start");
  EXPECT_EQ(lines[0]["read_only"], true) << "read-only steps are audited too, marked";
  EXPECT_EQ(lines[1]["phase"], "end");
}

TEST_F(GuardsCli, AValueNeverBecomesShellCode) {
  fs::path canary = dir_.path() / "canary";
  auto rb = runbook(
      "```bash\n# don't forget the host\necho \"host=<HOST>\"; echo '<HOST>'; echo <HOST>\n"
      "cat <<EOF\nin heredoc <HOST>\nEOF\n```\n");
  std::string value = "$(touch " + canary.string() + ")`touch " + canary.string() + "`'\";x";
  auto r = opsdeck({"runbook", rb, "--step", "1", "--var", "HOST=" + value});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(canary)) << r.out << r.err;
  EXPECT_EQ(r.out, "host=" + value + "\n" + value + "\n" + value + "\nin heredoc " + value + "\n");
}

TEST_F(GuardsCli, AnExplicitProductionProfileIsProduction) {
  fs::path v = victim();
  auto rb = runbook("```bash\nrm -rf " + v.string() + "\n```\n");
  // The default environment is dev, but the profile is production's.
  auto r = opsdeck({"--profile", "prodprofile", "runbook", rb, "--step", "1", "--yes"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("prod"), std::string::npos);
  EXPECT_TRUE(fs::exists(v / "data"));
}

TEST_F(GuardsCli, ProductionAsksBeforeAnyChange) {
  fs::path made = dir_.path() / "made";
  auto rb = runbook("```bash\nmkdir -p " + made.string() + "\n```\n");
  auto dry = opsdeck({"--env", "prod", "runbook", rb, "--step", "1", "--dry-run"});
  EXPECT_NE(dry.out.find("Guard: y/N confirmation"), std::string::npos) << dry.out;
  auto refused = opsdeck({"--env", "prod", "runbook", rb, "--step", "1"});
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_FALSE(fs::exists(made));
  auto yes = opsdeck({"--env", "prod", "runbook", rb, "--step", "1", "--yes"});
  EXPECT_EQ(yes.exit_code, 0) << yes.err;
  EXPECT_TRUE(fs::exists(made));
}

TEST_F(GuardsCli, NoAuditRecordNoRun) {
  fs::path made = dir_.path() / "made";
  auto rb = runbook("```bash\nmkdir -p " + made.string() + "\n```\n\n```bash\necho read\n```\n");
  fs::create_directories(dir_.path() / "ro");
  audit_path_ = (dir_.path() / "ro").string();  // a directory: the record cannot be written
  auto r = opsdeck({"runbook", rb, "--step", "1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("audit record could not be written"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(made));
  auto read = opsdeck({"runbook", rb, "--step", "2"});
  EXPECT_NE(read.exit_code, 0) << "read-only steps are audited too";
  EXPECT_EQ(read.out, "");
}

TEST_F(GuardsCli, WhatTheOperatorReadsIsWhatRuns) {
  // The plan must not let an escape sequence hide the second half of the line.
  auto rb = runbook("```bash\necho hello \x1b[2K\r# rm -rf /nothing\necho $'\\x1b]0;pwned\\x07' \u202e txt\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no raw ESC in the plan";
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find("\u202e"), std::string::npos) << "no raw bidi override";
  auto run = opsdeck({"runbook", rb, "--step", "1"});
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "no raw ESC in step output";
  EXPECT_EQ(run.out.find('\x07'), std::string::npos);
}

TEST_F(GuardsCli, SecretsNeverEnterThePlanOrTheAudit) {
  auto rb = runbook("```bash\necho \"$DB_PASS\" | wc -c\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1", "--var", "DB_PASS=hunter2'x\\$y"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DB_PASS=***"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(audit_path_).find("hunter2"), std::string::npos);
  std::string progress;
  for (const auto& e : fs::recursive_directory_iterator(dir_.path() / "state"))
    if (e.is_regular_file()) progress += read_file(e.path());
  EXPECT_EQ(progress.find("hunter2"), std::string::npos);
}

TEST_F(GuardsCli, HeadlessShellsAndSessionsGoThroughTheGate) {
  // --readonly refuses what is not proven read-only before any connection is tried.
  auto ssh = opsdeck({"--readonly", "ssh", "127.0.0.1:9", "--", "systemctl", "restart", "x"});
  EXPECT_EQ(ssh.exit_code, 5) << ssh.err;
  auto shell = opsdeck({"--readonly", "ssh", "127.0.0.1:9"});
  EXPECT_EQ(shell.exit_code, 5) << shell.err;
  // A proven read-only command passes the gate (and then fails to connect: 255).
  auto read = opsdeck({"--readonly", "ssh", "127.0.0.1:9", "--", "uptime"});
  EXPECT_EQ(read.exit_code, 255) << read.err;
  for (auto args : std::vector<std::vector<std::string>>{
           {"--readonly", "ssm", "session", "i-0123456789abcdef0"},
           {"--readonly", "ssm", "forward", "i-0123456789abcdef0", "--host", "db", "--port", "5432"},
           {"--readonly", "ssm", "exec", "c", "t"},
           {"--readonly", "ssm", "run", "i-0123456789abcdef0", "--", "systemctl", "restart", "x"}}) {
    auto r = opsdeck(args);
    EXPECT_EQ(r.exit_code, 5) << args[2] << ": " << r.err;
  }
  // Production: a session needs a confirmation (none possible here).
  auto prod = opsdeck({"--env", "prod", "ssm", "session", "i-0123456789abcdef0"});
  EXPECT_EQ(prod.exit_code, 5) << prod.err;
  int refused = 0;
  std::string actions;
  for (const auto& l : audit_lines()) {
    refused += l["phase"] == "refused";
    actions += l["action"].get<std::string>() + ":" + l["phase"].get<std::string>() + " ";
  }
  EXPECT_EQ(refused, 7) << actions;
}

TEST_F(GuardsCli, ADeployIsGuardedByTheServicesEnvironment) {
  auto r = opsdeck({"--env", "dev", "deploy", "clinic-api", "--yes"});
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("PRODUCTION"), std::string::npos) << r.out << r.err;
  auto lines = audit_lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["environment"], "prod");
}

}  // namespace
}  // namespace opsdeck
