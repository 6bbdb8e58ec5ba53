// `opsdeck runbook` end to end with the real binary: --list JSON over the test corpus,
// local execution (exit codes, streaming, duration), guards in production and read-only
// (exit 5), missing variables (exit 2), the audit log (no secret, whole JSON lines even
// after kill -9 mid-step) and resuming after a restart.

#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::ChildProcess;
using testing::read_file;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class RunbookCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "config.json", R"({
      "environments": {
        "prod": {"production": true, "vars": {"CLUSTER": "clinic-prod"}},
        "dev": {"vars": {"CLUSTER": "clinic-dev"}}
      },
      "default_environment": "dev",
      "ssm": {"client": "plugin"}
    })");
  }

  std::map<std::string, std::string> env() const {
    // Never reach for real AWS: fixed keys and region, no instance metadata service.
    return {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
            {"AWS_SECRET_ACCESS_KEY", "test-secret"},
            {"AWS_REGION", "us-east-1"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},  // the audit's caller-ARN lookup
            {"AWS_CONFIG_FILE", (dir_.path() / "no-aws-config").string()},
            {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "no-aws-credentials").string()},
            {"XDG_STATE_HOME", (dir_.path() / "state").string()},
            {"XDG_CONFIG_HOME", (dir_.path() / "xdg-config").string()},
            {"OPSDECK_AUDIT_LOG", audit_path()}};
  }
  std::string audit_path() const { return (dir_.path() / "audit.jsonl").string(); }

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
    if (!fs::exists(audit_path())) return out;
    std::string text = read_file(audit_path());
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      EXPECT_NE(nl, std::string::npos) << "audit log ends in a partial line";
      if (nl == std::string::npos) break;
      out.push_back(nlohmann::json::parse(text.substr(start, nl - start)));  // throws if invalid
      start = nl + 1;
    }
    return out;
  }

  TempDir dir_;
};

TEST_F(RunbookCli, ListJsonOverTheCorpus) {
  auto r = opsdeck({"runbook", std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/runbooks/clinic_api.md", "--list",
                    "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 20u);
  const auto& first = j[0];
  EXPECT_EQ(first["index"], 1);
  EXPECT_EQ(first["line"], 13);
  EXPECT_EQ(first["section"], "1. Check the instance");
  EXPECT_EQ(first["lang"], "bash");
  EXPECT_EQ(first["kind"], "command");
  EXPECT_EQ(first["runnable"], true);
  EXPECT_EQ(first["where"], "local");
  EXPECT_EQ(first["vars"], nlohmann::json({"INSTANCE_NAME", "AWS_REGION"}));
  EXPECT_EQ(first["destructive"], false);
  EXPECT_NE(first["code"].get<std::string>().find("aws ec2 describe-instances"), std::string::npos);
  EXPECT_EQ(j[4]["kind"], "content");
  EXPECT_EQ(j[4]["runnable"], false);
  EXPECT_EQ(j[8]["line"], 70);
  EXPECT_EQ(j[8]["where"], "host");
  EXPECT_EQ(j[8]["destructive"], true);
  EXPECT_EQ(j[8]["forbidden_by_runbook"], true);
  EXPECT_EQ(j[12]["kind"], "script");
  EXPECT_EQ(j[2]["lang"], "sh");

  auto table = opsdeck({"runbook", std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/runbooks/clinic_api.md"});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("Never run `rake db:reset` in production."), std::string::npos);
}

TEST_F(RunbookCli, RunsLocalStepsWithExitCodeAndDuration) {
  auto rb = runbook("# T\n\n```bash\necho \"hello $WHO\"; echo oops >&2; exit 3\n```\n\n```bash\necho fine\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1", "--var", "WHO=world"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "hello world\n");
  EXPECT_NE(r.err.find("oops"), std::string::npos);
  EXPECT_NE(r.err.find("step 1 failed (exit 3) in "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Variables: WHO=world"), std::string::npos) << "shows the values";
  EXPECT_NE(r.err.find("echo \"hello $WHO\""), std::string::npos) << "shows what runs";
  auto ok = opsdeck({"runbook", rb, "--step", "2"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "fine\n");
  EXPECT_NE(ok.err.find("step 2 done (exit 0) in "), std::string::npos);
  auto list = nlohmann::json::parse(opsdeck({"runbook", rb, "--list", "-o", "json"}).out);
  EXPECT_EQ(list[0]["status"], "failed");
  EXPECT_EQ(list[0]["exit_code"], 3);
  EXPECT_EQ(list[1]["status"], "done");
  EXPECT_EQ(opsdeck({"runbook", rb, "--step", "9"}).exit_code, 2);
  EXPECT_EQ(opsdeck({"runbook", dir_.path().string() + "/nope.md", "--list"}).exit_code, 4);
}

TEST_F(RunbookCli, VariablesFromConfigAndMissingOnesNamed) {
  auto rb = runbook("```bash\necho \"$CLUSTER <ZONE_ID> <your-domain>\"\n```\n");
  auto missing = opsdeck({"runbook", rb, "--step", "1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("ZONE_ID, your-domain"), std::string::npos) << missing.err;
  auto dry = opsdeck({"--env", "prod", "runbook", rb, "--step", "1", "--dry-run", "--var", "ZONE_ID=Z9",
                      "--var", "your-domain=example.org"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("CLUSTER=clinic-prod"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("ZONE_ID=Z9"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("echo \"$CLUSTER ${ZONE_ID} ${YOUR_DOMAIN}\""), std::string::npos)
      << "values are referenced, never pasted: " << dry.out;
  EXPECT_NE(dry.out.find("Target: local shell"), std::string::npos);
  EXPECT_NE(dry.out.find("nothing was run"), std::string::npos);
}

TEST_F(RunbookCli, GuardsInProductionAndReadOnly) {
  fs::path victim = dir_.path() / "victim";
  write_file(victim, "x");
  auto rb = runbook("# Data\n\nNever run `reset-everything` in production.\n\n```bash\nrm -rf " + victim.string() +
                    "\n```\n\n```bash\n./reset-everything --now || true\n```\n\n```bash\necho read-only\n```\n\n```bash\nmkdir -p " +
                    (dir_.path() / "made").string() + "\n```\n");
  // Production: --yes alone never passes a destructive step.
  auto prod = opsdeck({"--env", "prod", "runbook", rb, "--step", "1", "--yes"});
  EXPECT_EQ(prod.exit_code, 5) << prod.err;
  EXPECT_TRUE(fs::exists(victim));
  EXPECT_NE(prod.err.find("--yes is not enough"), std::string::npos);
  // The runbook's own rule makes step 2 destructive too.
  EXPECT_EQ(opsdeck({"--env", "prod", "runbook", rb, "--step", "2", "--yes"}).exit_code, 5);
  // Read-only: every change refused, reads allowed.
  EXPECT_EQ(opsdeck({"--readonly", "runbook", rb, "--step", "4"}).exit_code, 5);
  EXPECT_FALSE(fs::exists(dir_.path() / "made"));
  auto read = opsdeck({"--readonly", "runbook", rb, "--step", "3"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "read-only\n");
  // Not production: destructive needs --yes (no terminal here).
  EXPECT_EQ(opsdeck({"--env", "dev", "runbook", rb, "--step", "1"}).exit_code, 5);
  EXPECT_TRUE(fs::exists(victim));
  EXPECT_EQ(opsdeck({"--env", "dev", "runbook", rb, "--step", "1", "--yes"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(victim));
  auto lines = audit_lines();
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0]["phase"], "refused");
  EXPECT_EQ(lines[0]["environment"], "prod");
  EXPECT_EQ(lines.back()["phase"], "end");
  EXPECT_EQ(lines.back()["exit_status"], 0);
  EXPECT_TRUE(lines.back().contains("duration_ms"));
  EXPECT_EQ(lines.back()["target"], "local");
}

TEST_F(RunbookCli, AFailureInsideAStepIsAFailureAndNamesTheCommand) {
  auto rb = runbook("# Rotate\n\n```bash\necho rotating\nfalse\necho redeployed\n```\n\n"
                    "```bash\n# opsdeck: no-errexit\nfalse\necho after\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "rotating\n") << "the redeploy never runs after the failed rotation";
  EXPECT_NE(r.err.find("step failed at line 2: false (exit 1)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Runs with: set -euo pipefail"), std::string::npos) << r.err;
  auto opted_out = opsdeck({"runbook", rb, "--step", "2"});
  EXPECT_EQ(opted_out.exit_code, 0) << opted_out.err;
  EXPECT_EQ(opted_out.out, "after\n");
}

TEST_F(RunbookCli, LocalStepsGetTheSessionsRegionNotTheShells) {
  auto rb = runbook("```bash\necho \"$AWS_REGION $AWS_DEFAULT_REGION\"\n```\n");
  auto r = opsdeck({"--region", "eu-west-1", "runbook", rb, "--step", "1"});  // the shell says us-east-1
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "eu-west-1 eu-west-1\n");
  EXPECT_NE(r.err.find("AWS context: AWS_REGION=eu-west-1"), std::string::npos) << r.err;
}

TEST_F(RunbookCli, AFollowingStepStopsCleanly) {
  fs::path log = dir_.path() / "app.log";
  write_file(log, "ready\n");
  auto rb = runbook("# Logs\n\n```bash\ntail -f " + log.string() + "\n```\n");
  auto list = nlohmann::json::parse(opsdeck({"runbook", rb, "--list", "-o", "json"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["follow"], true) << list;
  fs::path out = dir_.path() / "follow.out";
  ChildProcess proc({OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string(), "runbook", rb, "--step", "1"},
                    env(), out.string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (read_file(out).find("ready") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_NE(read_file(out).find("ready"), std::string::npos) << read_file(out);
  proc.stop();  // SIGTERM, as Ctrl-C would
  std::string text = read_file(out);
  EXPECT_NE(text.find("step 1 stopped after"), std::string::npos) << text;
  auto lines = audit_lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["result"], "stopped");
  auto after = nlohmann::json::parse(opsdeck({"runbook", rb, "--list", "-o", "json"}).out);
  EXPECT_EQ(after[0]["status"], "done");
}

TEST_F(RunbookCli, HostStepsNeedATarget) {
  auto rb = runbook("```bash\nsudo systemctl restart api\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--target"), std::string::npos);
  // An unreachable SSM endpoint on loopback: a clear error naming it, nothing reported done.
  auto ssm = opsdeck({"runbook", rb, "--step", "1", "--target", "ssm:i-0123456789abcdef0",
                      "--yes", "--endpoint-url", "http://127.0.0.1:9"});
  EXPECT_NE(ssm.exit_code, 0);
  EXPECT_NE(ssm.err.find("127.0.0.1:9"), std::string::npos) << ssm.err;
  EXPECT_EQ(ssm.err.find("done (exit 0)"), std::string::npos) << ssm.err;
}

TEST_F(RunbookCli, AuditAndProgressNeverHoldSecrets) {
  auto rb = runbook("```bash\nmkdir -p " + (dir_.path() / "out").string() +
                    " && echo \"$DB_PASSWORD\" | wc -c && echo \"--password <API_TOKEN>\" >/dev/null\n```\n");
  auto r = opsdeck({"runbook", rb, "--step", "1", "--var", "DB_PASSWORD=correct-horse-battery", "--var",
                    "API_TOKEN=tok-1234567890"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string audit = read_file(audit_path());
  EXPECT_EQ(audit.find("correct-horse-battery"), std::string::npos) << audit;
  EXPECT_EQ(audit.find("tok-1234567890"), std::string::npos) << audit;
  EXPECT_EQ(r.err.find("correct-horse-battery"), std::string::npos) << "the plan shown is redacted";
  for (const auto& e : fs::recursive_directory_iterator(dir_.path() / "state")) {
    if (!e.is_regular_file()) continue;
    std::string text = read_file(e.path());
    EXPECT_EQ(text.find("correct-horse-battery"), std::string::npos) << e.path();
    EXPECT_EQ(text.find("tok-1234567890"), std::string::npos) << e.path();
  }
  auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["phase"], "start");
  EXPECT_EQ(lines[1]["phase"], "end");
}

TEST_F(RunbookCli, KillNineMidStepLeavesValidAuditAndResumes) {
  fs::path marker = dir_.path() / "resume";
  auto rb = runbook(
      "# Deploy\n\n```bash\nmkdir -p \"$WORKDIR\"\n```\n\n```bash\ntouch \"$WORKDIR/started\"\n"
      "if [ -f \"$WORKDIR/resume\" ]; then echo resumed; else for i in $(seq 300); do sleep 0.1; done; fi\n```\n");
  std::string workdir = (dir_.path() / "work").string();
  ASSERT_EQ(opsdeck({"runbook", rb, "--step", "1", "--var", "WORKDIR=" + workdir}).exit_code, 0);

  auto e = env();
  ChildProcess proc({OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string(), "runbook", rb, "--step",
                     "2", "--var", "WORKDIR=" + workdir},
                    e, (dir_.path() / "long.log").string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!fs::exists(fs::path(workdir) / "started") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(fs::path(workdir) / "started"));
  ASSERT_EQ(::kill(proc.pid(), SIGKILL), 0);
  proc.stop();

  auto lines = audit_lines();  // every line parses
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.back()["phase"], "start");
  EXPECT_EQ(lines.back()["step"], 2);

  auto list = nlohmann::json::parse(opsdeck({"runbook", rb, "--list", "-o", "json"}).out);
  EXPECT_EQ(list[0]["status"], "done");
  EXPECT_EQ(list[1]["status"], "interrupted");

  // Restart: `--step next` picks the interrupted step; WORKDIR is remembered.
  write_file(fs::path(workdir) / "resume", "");
  auto again = opsdeck({"runbook", rb, "--step", "next"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "resumed\n");
  list = nlohmann::json::parse(opsdeck({"runbook", rb, "--list", "-o", "json"}).out);
  EXPECT_EQ(list[1]["status"], "done");
  EXPECT_EQ(audit_lines().back()["phase"], "end");
}


TEST_F(RunbookCli, EcsTaskTargetPlanAndMissingPlugin) {
  // A host step (sudo): the target applies to it; laptop steps always run here (below).
  auto rb = runbook("# Check\n\n```bash\nsudo touch /tmp/never-made-by-opsdeck\n```\n\n```bash\naws --version\n```\n");
  auto plan = opsdeck({"runbook", rb, "--step", "1", "--target", "ecs:shop/0123abcd/web", "--dry-run"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("Target: ECS task 0123abcd in cluster shop, container web (ExecuteCommand + "
                          "session-manager-plugin)"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("Dry run: nothing was run."), std::string::npos) << plan.out;
  auto bad = opsdeck({"runbook", rb, "--step", "1", "--target", "ecs:shop", "--dry-run"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("use ecs:CLUSTER/TASK_ID"), std::string::npos) << bad.err;
  // No plugin on PATH: a clear error naming what to install; audited as an error, not done.
  auto e = env();
  e["PATH"] = "/usr/bin:/bin";
  std::vector<std::string> argv = {OPSDECK_BINARY, "--config", (dir_.path() / "config.json").string(),
                                   "runbook", rb, "--step", "1", "--target", "ecs:shop/0123abcd"};
  auto r = testing::run_command(argv, {}, e);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("session-manager-plugin is not installed"), std::string::npos) << r.err;
  auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["target"], "ecs:shop/0123abcd");
  EXPECT_EQ(lines[1]["result"].get<std::string>().rfind("error: ", 0), 0u) << lines[1];
  // A laptop step ignores the host target and says so.
  auto laptop = opsdeck({"runbook", rb, "--step", "2", "--target", "ecs:shop/0123abcd/web", "--dry-run"});
  EXPECT_EQ(laptop.exit_code, 0) << laptop.err;
  EXPECT_NE(laptop.out.find("Target: local shell"), std::string::npos) << laptop.out;
  EXPECT_NE(laptop.out.find("a laptop step: it runs on this machine"), std::string::npos) << laptop.out;
}

}  // namespace
}  // namespace opsdeck
