// `opsdeck ssm run|session|forward` and the runbook `ssm:` target, end to end with the real
// binary: against signature-checking moto (which runs nothing and answers Success with
// empty output: the status flow, Name tag resolution) and against tests/support/fake_aws.py
// (scripted invocations: output growing while InProgress, InvocationDoesNotExist first,
// Failed with exit code 2; StartSession) with a fake session-manager-plugin that records
// its argv.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck {
namespace {

using testing::ChildProcess;
using testing::read_file;
using testing::RunResult;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

constexpr const char* kInstance = "i-0aaa111122223333a";

// One fake_aws.py for the whole program.
class FakeAwsEnv : public ::testing::Environment {
 public:
  void SetUp() override {
    port_ = testing::free_loopback_port();
    proc_ = ChildProcess({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py",
                          "--port", std::to_string(port_)});
    ASSERT_TRUE(testing::wait_for_port(port_, std::chrono::seconds(20)))
        << "fake_aws.py did not start";
  }
  void TearDown() override { proc_.stop(); }
  static std::string endpoint() { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static inline int port_ = 0;
  ChildProcess proc_;
};

[[maybe_unused]] ::testing::Environment* const kFakeAws =
    ::testing::AddGlobalTestEnvironment(new FakeAwsEnv);

class SsmCli : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "bin");
    fs::create_directories(dir_.path() / "empty");
    write_file(dir_.path() / "config.json",
               R"({"environments": {"dev": {}}, "default_environment": "dev", "ssm": {"client": "plugin"}})");
  }

  std::map<std::string, std::string> env(const std::string& key = "AKIDFAKE",
                                         const std::string& secret = "fake-secret") const {
    return {{"AWS_ACCESS_KEY_ID", key},
            {"AWS_SECRET_ACCESS_KEY", secret},
            {"AWS_SESSION_TOKEN", ""},
            {"AWS_REGION", "us-east-1"},
            {"AWS_PROFILE", ""},
            {"AWS_CONFIG_FILE", (dir_.path() / "no-config").string()},
            {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "no-credentials").string()},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"XDG_STATE_HOME", (dir_.path() / "state").string()},
            {"XDG_CONFIG_HOME", (dir_.path() / "xdg").string()},
            {"OPSDECK_AUDIT_LOG", (dir_.path() / "audit.jsonl").string()},
            {"PATH", (dir_.path() / "bin").string() + ":/usr/bin:/bin"},
            {"FAKE_PLUGIN_LOG", (dir_.path() / "plugin.log").string()}};
  }

  RunResult opsdeck(const std::string& endpoint, std::vector<std::string> args,
                    std::map<std::string, std::string> e = {}) const {
    std::vector<std::string> argv = {OPSDECK_BINARY, "--config",
                                     (dir_.path() / "config.json").string(), "--endpoint-url",
                                     endpoint};
    argv.insert(argv.end(), args.begin(), args.end());
    if (e.empty()) e = env();
    return testing::run_command(argv, {}, e, std::chrono::seconds(60));
  }

  void install_fake_plugin(const std::string& version) const {
    auto p = dir_.path() / "bin" / "session-manager-plugin";
    write_file(p,
               "#!/bin/sh\n"
               "if [ \"$1\" = --version ]; then echo " +
                   version +
                   "; exit 0; fi\n"
                   "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$FAKE_PLUGIN_LOG\"\n"
                   "printf '%s' \"$AWS_SSM_START_SESSION_RESPONSE\" > \"$FAKE_PLUGIN_LOG.env\"\n"
                   "exit 7\n");
    fs::permissions(p, fs::perms::owner_all);
  }

  std::vector<std::string> plugin_argv() const {
    std::vector<std::string> out;
    std::istringstream in(read_file(dir_.path() / "plugin.log"));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  TempDir dir_;
};

TEST_F(SsmCli, FakeStreamsOutputAndSucceedsAfterInvocationDoesNotExist) {
  auto r = opsdeck(FakeAwsEnv::endpoint(),
                   {"ssm", "run", kInstance, "--", "echo", "FAKE_LAG", "FAKE_STREAM"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "line 1\nline 2\nline 3\n");
  EXPECT_NE(r.err.find("warn: slow"), std::string::npos) << r.err;
}

TEST_F(SsmCli, FakeFailedCommandExitsWithItsCode) {
  auto r = opsdeck(FakeAwsEnv::endpoint(), {"ssm", "run", kInstance, "--", "FAKE_FAIL"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "working\n");
  EXPECT_NE(r.err.find("disk full"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exit code 2"), std::string::npos) << r.err;
}

TEST_F(SsmCli, FakeTimeoutCancelsTheCommand) {
  auto r = opsdeck(FakeAwsEnv::endpoint(),
                   {"ssm", "run", kInstance, "--timeout", "2", "--", "FAKE_HANG"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "waiting\n");
  EXPECT_NE(r.err.find("did not finish in time"), std::string::npos) << r.err;
}

TEST_F(SsmCli, ReadonlyRefusesSendCommand) {
  auto r =
      opsdeck(FakeAwsEnv::endpoint(), {"--readonly", "ssm", "run", kInstance, "--", "FAKE_STREAM"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("read-only mode"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not proven read-only"), std::string::npos) << r.err;
}

TEST_F(SsmCli, ReadonlyGrantsTheOneSendCommandOfAProvenReadOnlyCommand) {
  // `echo` only reads: the gate proves it, and the AWS layer is granted its SendCommand.
  auto r = opsdeck(FakeAwsEnv::endpoint(),
                   {"--readonly", "ssm", "run", kInstance, "--", "echo", "FAKE_STREAM"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("line 1"), std::string::npos) << r.out;
}

TEST_F(SsmCli, SessionHandsStartSessionToThePlugin) {
  install_fake_plugin("1.2.650.0");
  auto r = opsdeck(FakeAwsEnv::endpoint(), {"ssm", "session", kInstance});
  EXPECT_EQ(r.exit_code, 7) << r.err;  // the plugin's exit status
  auto argv = plugin_argv();
  ASSERT_EQ(argv.size(), 6u)
      << r.err;  // argv[0] is not logged: RESPONSE REGION OP PROFILE PARAMS ENDPOINT
  EXPECT_EQ(argv[0], "AWS_SSM_START_SESSION_RESPONSE");
  EXPECT_EQ(argv[1], "us-east-1");
  EXPECT_EQ(argv[2], "StartSession");
  EXPECT_EQ(argv[3], "");
  EXPECT_EQ(nlohmann::json::parse(argv[4]), (nlohmann::json{{"Target", kInstance}}));
  EXPECT_EQ(argv[5], FakeAwsEnv::endpoint());
  auto resp = nlohmann::json::parse(read_file(dir_.path() / "plugin.log.env"));
  EXPECT_EQ(resp["SessionId"].get<std::string>().rfind("opsdeck-", 0), 0u);
  EXPECT_EQ(resp["StreamUrl"].get<std::string>().rfind("ws://127.0.0.1:", 0), 0u);
  EXPECT_FALSE(resp["TokenValue"].get<std::string>().empty());
  EXPECT_EQ(r.out.find(resp["TokenValue"].get<std::string>()), std::string::npos);
  EXPECT_EQ(r.err.find(resp["TokenValue"].get<std::string>()), std::string::npos);
}

TEST_F(SsmCli, ForwardToRemoteHostWithOldPlugin) {
  install_fake_plugin("1.2.0.0");
  auto r = opsdeck(FakeAwsEnv::endpoint(), {"ssm", "forward", kInstance, "--host", "db.internal",
                                            "--port", "5432", "--local-port", "15432"});
  EXPECT_EQ(r.exit_code, 7) << r.err;
  auto argv = plugin_argv();
  ASSERT_EQ(argv.size(), 6u) << r.err;
  EXPECT_EQ(nlohmann::json::parse(argv[0])["SessionId"].get<std::string>().rfind("opsdeck-", 0),
            0u);
  auto params = nlohmann::json::parse(argv[4]);
  EXPECT_EQ(params["Target"], kInstance);
  EXPECT_EQ(params["DocumentName"], "AWS-StartPortForwardingSessionToRemoteHost");
  EXPECT_EQ(params["Parameters"]["host"], (nlohmann::json{"db.internal"}));
  EXPECT_EQ(params["Parameters"]["portNumber"], (nlohmann::json{"5432"}));
  EXPECT_EQ(params["Parameters"]["localPortNumber"], (nlohmann::json{"15432"}));
}

TEST_F(SsmCli, ForwardRefusesADestinationItCannotReadBeforeAnyCall) {
  const std::pair<const char*, const char*> cases[] = {
      {"db;rm -rf /:80", "a character a host name cannot have"},
      {"db:0", "is not a port (1-65535)"},
      {"fd00::1:80", "goes in brackets, [::1]:80"},
      {":5432", "no host before ':'"}};
  for (const auto& [bad, why] : cases) {
    auto r = opsdeck(FakeAwsEnv::endpoint(), {"forward", kInstance, "--to", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find(std::string("--to: '") + bad + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << bad << ": " << r.err;
  }
}

TEST_F(SsmCli, MissingPluginSaysSoAndHowToInstall) {
  auto e = env();
  e["PATH"] = (dir_.path() / "empty").string();
  auto r = opsdeck(FakeAwsEnv::endpoint(), {"ssm", "session", kInstance}, e);
  EXPECT_EQ(r.exit_code, 6) << r.err;  // a missing program, not a missing resource (4)
  EXPECT_NE(r.err.find("session-manager-plugin is not installed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("install"), std::string::npos) << r.err;
}

TEST_F(SsmCli, PluginThatCannotStartEndsTheSession) {
  auto p = dir_.path() / "bin" / "session-manager-plugin";
  write_file(p, "#!/nonexistent/interpreter\n");  // found on PATH, but exec fails
  fs::permissions(p, fs::perms::owner_all);
  auto r = opsdeck(FakeAwsEnv::endpoint(), {"ssm", "session", kInstance});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("could not start"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("was terminated"), std::string::npos) << r.err;
}

TEST_F(SsmCli, RunbookStepOnSsmTargetEndsWithExitCode) {
  auto rb = dir_.path() / "rb.md";
  // Steps that write a file change something, so they are audited (read-only ones are not).
  write_file(rb, "# Check\n\n```bash\necho FAKE_STREAM > /var/tmp/opsdeck-check\n```\n\n```bash\necho FAKE_FAIL > /var/tmp/opsdeck-check\n```\n");
  auto ok = opsdeck(FakeAwsEnv::endpoint(), {"runbook", rb.string(), "--step", "1", "--target",
                                             std::string("ssm:") + kInstance, "--yes"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("line 3"), std::string::npos) << ok.out << ok.err;
  EXPECT_NE(ok.err.find("(ssm)"), std::string::npos) << ok.err;  // the plan names the target
  EXPECT_NE(ok.err.find("done (exit 0)"), std::string::npos) << ok.err;
  auto bad = opsdeck(FakeAwsEnv::endpoint(), {"runbook", rb.string(), "--step", "2", "--target",
                                              std::string("ssm:") + kInstance, "--yes"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;  // opsdeck runbook: a failed step exits 1 ...
  EXPECT_NE(bad.err.find("failed (exit 2)"), std::string::npos) << bad.err;  // ... naming its code
  auto audit = read_file(dir_.path() / "audit.jsonl");
  EXPECT_NE(audit.find("ssm:" + std::string(kInstance)), std::string::npos) << audit;
}

// moto: signature checked, nothing executed, Success with empty output.
TEST_F(SsmCli, MotoStatusFlowAndNameTagResolution) {
  auto& moto = testing::shared_moto();
  const auto& c = moto.credentials();
  auto made = testing::run_command(
      {"python3", "-c",
       "import boto3,sys; ec2=boto3.client('ec2',endpoint_url=sys.argv[1],region_name='us-east-1',"
       "aws_access_key_id=sys.argv[2],aws_secret_access_key=sys.argv[3]);"
       "r=ec2.run_instances(ImageId='ami-12c6146b',MinCount=1,MaxCount=1,TagSpecifications=[{'"
       "ResourceType':"
       "'instance','Tags':[{'Key':'Name','Value':'ssm-web'}]}]); "
       "print(r['Instances'][0]['InstanceId'])",
       moto.endpoint(), c.access_key_id, c.secret_access_key});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto by_name = opsdeck(moto.endpoint(), {"ssm", "run", "ssm-web", "--", "uptime"},
                         env(c.access_key_id, c.secret_access_key));
  EXPECT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, "");
  auto missing = opsdeck(moto.endpoint(), {"ssm", "run", "no-such-name", "--", "uptime"},
                         env(c.access_key_id, c.secret_access_key));
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_NE(missing.err.find("no instance named"), std::string::npos) << missing.err;
  auto bad_key = opsdeck(moto.endpoint(), {"ssm", "run", kInstance, "--", "uptime"},
                         env(c.access_key_id, "wrong-secret"));
  EXPECT_NE(bad_key.exit_code, 0);
  auto rb = dir_.path() / "rb.md";
  write_file(rb, "# Check\n\n```bash\nuptime\n```\n");
  auto step = opsdeck(moto.endpoint(),
                      {"runbook", rb.string(), "--step", "1", "--target", "ssm:ssm-web", "--yes"},
                      env(c.access_key_id, c.secret_access_key));
  EXPECT_EQ(step.exit_code, 0) << step.err;
}

}  // namespace
}  // namespace opsdeck
