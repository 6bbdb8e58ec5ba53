// How a session is handed to session-manager-plugin (argv as the AWS CLI builds it) and
// the message when the plugin is missing.
#include "ssh/ssm_session_plugin.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace opsdeck {
namespace {

const aws::SsmSession kSession{"s-0123", "TOKEN-secret",
                               "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s-0123"};
const ssh::SessionContext kContext{"eu-west-1", "ops", "https://ssm.eu-west-1.amazonaws.com"};

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

}  // namespace
}  // namespace opsdeck
