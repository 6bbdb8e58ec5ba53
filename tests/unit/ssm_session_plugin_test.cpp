// How a session is handed to session-manager-plugin (argv as the AWS CLI builds it), the
// message when the plugin is missing, the PATH lookup that never picks the current
// directory, and ECS Exec's tolerance of mistyped DescribeTasks fields.
#include "ssh/ssm_session_plugin.hpp"
#include "ssh/dotted_version.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

const aws::SsmSession kSession{"s-0123", "TOKEN-secret",
                               "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s-0123"};
const ssh::SessionContext kContext{"eu-west-1", "ops", "https://ssm.eu-west-1.amazonaws.com"};
// For sessions that really start the (fake) plugin: the suite runs with OPSDECK_NETWORK=loopback.
const ssh::SessionContext kLoopbackContext{"eu-west-1", "ops", "http://127.0.0.1:9"};

TEST(SsmSessionPlugin, VersionRuleFollowsTheAwsCli) {
  EXPECT_TRUE(ssh::plugin_takes_env_response("1.2.650.0\n"));
  EXPECT_TRUE(ssh::plugin_takes_env_response("1.3"));
  EXPECT_FALSE(ssh::plugin_takes_env_response("1.2.497.0"));
  EXPECT_FALSE(ssh::plugin_takes_env_response("1.2.295.0"));
  EXPECT_FALSE(ssh::plugin_takes_env_response(""));
  EXPECT_FALSE(ssh::plugin_takes_env_response("unknown"));
}

TEST(SsmSessionPlugin, OldPluginGetsTheResponseInArgv) {
  ssh::SessionRequest req;
  req.target = "i-0aaa111122223333a";
  auto l = ssh::build_plugin_launch(kSession, req, kContext, "1.2.0.0",
                                    "/opt/bin/session-manager-plugin");
  ASSERT_EQ(l.argv.size(), 7u);
  EXPECT_EQ(l.argv[0], "/opt/bin/session-manager-plugin");
  auto resp = nlohmann::json::parse(l.argv[1]);
  EXPECT_EQ(resp["SessionId"], "s-0123");
  EXPECT_EQ(resp["TokenValue"], "TOKEN-secret");
  EXPECT_EQ(resp["StreamUrl"], kSession.stream_url);
  EXPECT_EQ(l.argv[2], "eu-west-1");
  EXPECT_EQ(l.argv[3], "StartSession");
  EXPECT_EQ(l.argv[4], "ops");
  EXPECT_EQ(nlohmann::json::parse(l.argv[5]), (nlohmann::json{{"Target", "i-0aaa111122223333a"}}));
  EXPECT_EQ(l.argv[6], "https://ssm.eu-west-1.amazonaws.com");
  EXPECT_TRUE(l.env.empty());
}

TEST(SsmSessionPlugin, NewPluginGetsTheResponseThroughTheEnvironment) {
  auto req = ssh::port_forward_request("i-1", "db.internal", 5432, 15432);
  auto l = ssh::build_plugin_launch(kSession, req, kContext, "1.2.650.0");
  EXPECT_EQ(l.argv[1], "AWS_SSM_START_SESSION_RESPONSE");
  for (const auto& a : l.argv) EXPECT_EQ(a.find("TOKEN-secret"), std::string::npos) << a;
  ASSERT_EQ(l.env.size(), 1u);
  EXPECT_EQ(l.env[0].first, "AWS_SSM_START_SESSION_RESPONSE");
  EXPECT_EQ(nlohmann::json::parse(l.env[0].second)["TokenValue"], "TOKEN-secret");
  auto params = nlohmann::json::parse(l.argv[5]);
  EXPECT_EQ(params["DocumentName"], "AWS-StartPortForwardingSessionToRemoteHost");
  EXPECT_EQ(params["Parameters"]["host"][0], "db.internal");
  EXPECT_EQ(params["Parameters"]["portNumber"][0], "5432");
  EXPECT_EQ(params["Parameters"]["localPortNumber"][0], "15432");
}

TEST(SsmSessionPlugin, MissingPluginSaysHowToInstall) {
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-opsdeck-dir", 1);
  auto found = ssh::find_session_plugin();
  auto r = ssh::run_ssm_session(
      [](const aws::AwsRequest&) -> aws::Result<aws::HttpResponse> {
        ADD_FAILURE() << "no AWS call may be made without the plugin";
        return aws::make_error(aws::ErrorKind::Internal, "unexpected");
      },
      {"i-1", "", {}}, kContext);
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(found.has_value());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("session-manager-plugin is not installed"), std::string::npos);
  EXPECT_NE(r.error().hint.find("install"), std::string::npos);
}

// Sets an environment variable and the working directory for a scope.
class ScopedPathAndCwd {
 public:
  ScopedPathAndCwd(const std::string& path, const std::filesystem::path& cwd)
      : had_path_(std::getenv("PATH") != nullptr),
        old_path_(had_path_ ? std::getenv("PATH") : ""),
        old_cwd_(std::filesystem::current_path()) {
    ::setenv("PATH", path.c_str(), 1);
    std::filesystem::current_path(cwd);
  }
  ~ScopedPathAndCwd() {
    std::filesystem::current_path(old_cwd_);
    if (had_path_) ::setenv("PATH", old_path_.c_str(), 1);
    else ::unsetenv("PATH");
  }
  ScopedPathAndCwd(const ScopedPathAndCwd&) = delete;
  ScopedPathAndCwd& operator=(const ScopedPathAndCwd&) = delete;

 private:
  bool had_path_;
  std::string old_path_;
  std::filesystem::path old_cwd_;
};

// A stand-in plugin: `--version` prints an old version (response in argv); otherwise it
// records its arguments, one a line, in `log`.
void write_plugin(const std::filesystem::path& dir, const std::filesystem::path& log) {
  auto plugin = dir / ssh::kSessionPluginName;
  testing::write_file(plugin, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 1.2.0.0; exit 0; fi\n"
                              "printf '%s\\n' \"$@\" > '" + log.string() + "'\n");
  std::filesystem::permissions(plugin, std::filesystem::perms::owner_all);
}

aws::Result<aws::HttpResponse> no_aws_call(const aws::AwsRequest&) {
  ADD_FAILURE() << "no AWS call may be made without the plugin";
  return aws::make_error(aws::ErrorKind::Internal, "unexpected");
}

TEST(SsmSessionPlugin, EmptyAndRelativePathElementsNeverFindThePluginInTheCurrentDirectory) {
  testing::TempDir cwd, empty, log_dir;
  const auto log = log_dir.path() / "ran";
  write_plugin(cwd.path(), log);
  std::filesystem::create_directories(cwd.path() / "bin");
  write_plugin(cwd.path() / "bin", log);
  const std::string e = empty.path().string();
  for (const std::string& path : std::vector<std::string>{":" + e, e + ":", e + "::" + e, ".", "bin:" + e, "./bin", ""}) {
    ScopedPathAndCwd scope(path, cwd.path());
    auto found = ssh::find_session_plugin();
    EXPECT_FALSE(found.has_value()) << "PATH='" << path << "' found " << found.value_or("");
    auto r = ssh::run_ssm_session(no_aws_call, {"i-1", "", {}}, kContext);
    EXPECT_FALSE(r.ok()) << "PATH='" << path << "'";
  }
  EXPECT_FALSE(std::filesystem::exists(log)) << "the plugin in the current directory ran";
}

TEST(SsmSessionPlugin, AnAbsolutePathElementAfterAnEmptyOneStillFindsThePlugin) {
  testing::TempDir cwd, dir, log_dir;
  write_plugin(dir.path(), log_dir.path() / "ran");
  ScopedPathAndCwd scope(":" + dir.path().string(), cwd.path());
  auto found = ssh::find_session_plugin();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, (dir.path() / ssh::kSessionPluginName).string());
}

// DescribeTasks with fields of the wrong type: ECS Exec reads them as absent instead of
// throwing, and the plugin gets the runtime id of the container that is well formed.
aws::Result<aws::HttpResponse> fake_ecs(const aws::AwsRequest& r, const std::string& containers) {
  aws::HttpResponse resp;
  resp.status = 200;
  if (r.operation == "DescribeTasks") {
    resp.body = R"({"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c1/abc123",)"
                R"("containers":)" + containers + "}]}";
  } else if (r.operation == "ExecuteCommand") {
    resp.body = R"({"containerName":"app","taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c1/abc123",)"
                R"("session":{"sessionId":"ecs-s-1","streamUrl":"wss://127.0.0.1:9/s","tokenValue":"TOKEN-x"}})";
  } else {
    ADD_FAILURE() << "unexpected call " << r.operation;
    resp.status = 400;
  }
  return resp;
}

std::string ecs_target_given_to_plugin(const std::string& containers, const std::string& container) {
  testing::TempDir cwd, dir, log_dir;
  const auto log = log_dir.path() / "ran";
  write_plugin(dir.path(), log);
  ScopedPathAndCwd scope(dir.path().string(), cwd.path());
  aws::Result<int> rc = 0;
  EXPECT_NO_THROW(rc = ssh::run_ecs_exec([&](const aws::AwsRequest& r) { return fake_ecs(r, containers); }, "c1",
                                         "abc123", container, "/bin/sh", kLoopbackContext));
  EXPECT_TRUE(rc.ok()) << (rc.ok() ? "" : rc.error().describe());
  std::string args = testing::read_file(log);
  auto params = args.find("{\"Target\"");
  if (params == std::string::npos) return "no parameters in: " + args;
  return nlohmann::json::parse(args.substr(params, args.find('\n', params) - params)).value("Target", "");
}

// Under OPSDECK_NETWORK=loopback the plugin, which connects by itself, is never handed a
// stream URL or an endpoint outside loopback: the session is terminated instead.
TEST(SsmSessionPlugin, TheFenceKeepsThePluginFromAStreamUrlOutsideLoopback) {
  const char* fence = std::getenv("OPSDECK_NETWORK");
  std::string saved_fence = fence ? fence : "";
  ::setenv("OPSDECK_NETWORK", "loopback", 1);
  testing::TempDir cwd, dir, log_dir;
  const auto log = log_dir.path() / "ran";
  write_plugin(dir.path(), log);
  for (const auto& urls : std::vector<std::pair<std::string, std::string>>{
           {"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s", "http://127.0.0.1:9"},
           {"wss://127.0.0.1:9/s", "https://ssm.eu-west-1.amazonaws.com"}}) {
    const std::string stream = urls.first, endpoint = urls.second;
    ScopedPathAndCwd scope(dir.path().string(), cwd.path());
    std::vector<std::string> calls;
    auto rc = ssh::run_ecs_exec(
        [&](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
          calls.push_back(r.operation);
          aws::HttpResponse resp;
          resp.status = 200;
          if (r.operation == "DescribeTasks")
            resp.body = R"({"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c1/abc123","containers":[]}]})";
          else if (r.operation == "ExecuteCommand")
            resp.body = nlohmann::json{{"session", {{"sessionId", "s-1"}, {"streamUrl", stream}, {"tokenValue", "T"}}}}.dump();
          else
            resp.body = "{}";
          return resp;
        },
        "c1", "abc123", "", "/bin/sh", ssh::SessionContext{"eu-west-1", "ops", endpoint});
    ASSERT_FALSE(rc.ok()) << stream;
    EXPECT_NE(rc.error().message.find("outside loopback"), std::string::npos) << rc.error().describe();
    EXPECT_EQ(calls.back(), "TerminateSession") << stream;
  }
  EXPECT_FALSE(std::filesystem::exists(log)) << "the plugin ran";
  if (fence)
    ::setenv("OPSDECK_NETWORK", saved_fence.c_str(), 1);
  else
    ::unsetenv("OPSDECK_NETWORK");
}

TEST(SsmSessionPlugin, EcsExecToleratesMistypedContainerFields) {
  EXPECT_EQ(ecs_target_given_to_plugin(R"([{"name":7,"runtimeId":["x"]},{"name":"app","runtimeId":"rt-1"}])", "app"),
            "ecs:c1_abc123_rt-1");
  EXPECT_EQ(ecs_target_given_to_plugin(R"([{"name":"app","runtimeId":{"id":1}}])", "app"), "ecs:c1_abc123_");
  EXPECT_EQ(ecs_target_given_to_plugin(R"("not a list")", ""), "ecs:c1_abc123_");
  EXPECT_EQ(ecs_target_given_to_plugin(R"([5, "x", {"runtimeId":"rt-2"}])", ""), "ecs:c1_abc123_");
}

TEST(DottedVersion, ComparesPartByPartAsNumbers) {
  EXPECT_GT(ssh::compare_versions("3.0.1000.0", "3.0.196.0"), 0);  // not as text
  EXPECT_LT(ssh::compare_versions("3.0.196", "3.0.196.1"), 0);     // a missing part is 0
  EXPECT_EQ(ssh::compare_versions("3.0.196", "3.0.196.0"), 0);
  EXPECT_EQ(ssh::compare_versions("1.2.3-beta", "1.2.3"), 0);      // reading stops at '-'
  EXPECT_LT(ssh::compare_versions("", "0.0.1"), 0);
  EXPECT_GT(ssh::compare_versions("99999999999999999999.1", "3"), 0);  // no overflow
}

}  // namespace
}  // namespace opsdeck
