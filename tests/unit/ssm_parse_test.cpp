// SSM request builders and parsers, over documents served by fake_aws.py and checked
// against botocore's model (tests/support/fake_aws_check.py wrote these fixtures).
#include <gtest/gtest.h>

#include "aws/ssm.hpp"
#include "ssh/ssm_command_runner.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck {
namespace {

using testing::captured;

TEST(SsmParse, SendCommandToAnInstance) {
  aws::SendCommandInput in;
  in.target.instance_ids = {"i-0aaa111122223333a"};
  in.commands = {"uptime"};
  in.execution_timeout_seconds = 60;
  auto r = aws::send_command_request(in);
  EXPECT_EQ(r.name(), "ssm:SendCommand");
  EXPECT_EQ(r.input["DocumentName"], "AWS-RunShellScript");
  EXPECT_EQ(r.input["InstanceIds"][0], "i-0aaa111122223333a");
  EXPECT_FALSE(r.input.contains("Targets"));
  EXPECT_EQ(r.input["Parameters"]["commands"][0], "uptime");
  EXPECT_EQ(r.input["Parameters"]["executionTimeout"][0], "60");
}

TEST(SsmParse, SendCommandToATagTarget) {
  aws::SendCommandInput in;
  in.target = ssh::parse_ssm_target("tag:Role=web,api");
  in.commands = {"uptime"};
  auto r = aws::send_command_request(in);
  EXPECT_FALSE(r.input.contains("InstanceIds"));
  EXPECT_EQ(r.input["Targets"][0]["Key"], "tag:Role");
  EXPECT_EQ(r.input["Targets"][0]["Values"], (nlohmann::json{"web", "api"}));
}

TEST(SsmParse, TargetsFromOperatorText) {
  EXPECT_EQ(ssh::parse_ssm_target("i-0aaa111122223333a").instance_ids.size(), 1u);
  EXPECT_EQ(ssh::parse_ssm_target("mi-0123456789abcdef0").instance_ids.size(), 1u);
  auto name = ssh::parse_ssm_target("web-1");
  EXPECT_TRUE(name.instance_ids.empty());
  EXPECT_EQ(name.tag_key, "tag:Name");
  EXPECT_EQ(name.tag_values, (std::vector<std::string>{"web-1"}));
  EXPECT_EQ(ssh::parse_ssm_target("i-notanid").tag_key, "tag:Name");
}

TEST(SsmParse, SendCommandResponse) {
  auto id = aws::parse_send_command(captured("ssm_SendCommand.json"));
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_EQ(id->size(), 36u);
  EXPECT_FALSE(aws::parse_send_command("{}").ok());
}

TEST(SsmParse, GetCommandInvocationFailedWithCode) {
  auto inv = aws::parse_get_command_invocation(captured("ssm_GetCommandInvocation.json"));
  ASSERT_TRUE(inv) << inv.error().describe();
  EXPECT_EQ(inv->status, "Failed");
  EXPECT_TRUE(inv->terminal());
  EXPECT_EQ(inv->response_code, 2);
  EXPECT_EQ(inv->stdout_text, "working\n");
  EXPECT_EQ(inv->stderr_text, "disk full\n");
  auto o = ssh::ssm_outcome(*inv);
  EXPECT_FALSE(o.error);
  EXPECT_EQ(o.exit_status, 2);
}

TEST(SsmParse, OutcomeOfStatusesWithoutCode) {
  aws::SsmInvocation inv;
  inv.instance_id = "i-1";
  inv.status = "TimedOut";
  ASSERT_TRUE(ssh::ssm_outcome(inv).error);
  EXPECT_EQ(ssh::ssm_outcome(inv).error->kind, aws::ErrorKind::Timeout);
  inv.status = "Cancelled";
  EXPECT_EQ(ssh::ssm_outcome(inv).error->kind, aws::ErrorKind::Cancelled);
  inv.status = "Undeliverable";
  EXPECT_NE(ssh::ssm_outcome(inv).error->message.find("Undeliverable"), std::string::npos);
  inv.status = "Success";  // moto reports no code: still exit 0
  EXPECT_EQ(ssh::ssm_outcome(inv).exit_status, 0);
  inv.status = "Failed";  // failed without a code is an error, never exit 0
  EXPECT_TRUE(ssh::ssm_outcome(inv).error);
  inv.status = "InProgress";
  EXPECT_FALSE(inv.terminal());
}

TEST(SsmParse, ListCommandInvocationsWithPluginOutput) {
  std::string token = "x";
  auto invs =
      aws::parse_list_command_invocations(captured("ssm_ListCommandInvocations.json"), &token);
  ASSERT_TRUE(invs) << invs.error().describe();
  ASSERT_EQ(invs->size(), 2u);
  EXPECT_EQ((*invs)[0].stdout_text, "up 3 days\n");
  EXPECT_EQ((*invs)[0].response_code, 0);
  EXPECT_EQ((*invs)[1].status, "Failed");
  EXPECT_EQ((*invs)[1].response_code, 1);
  EXPECT_EQ(token, "");
}

TEST(SsmParse, DescribeInstanceInformation) {
  auto list = aws::parse_describe_instance_information(
      captured("ssm_DescribeInstanceInformation.json"), nullptr);
  ASSERT_TRUE(list) << list.error().describe();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].ping_status, "Online");
  EXPECT_EQ((*list)[1].ping_status, "ConnectionLost");
  EXPECT_EQ((*list)[0].ip, "10.0.1.10");
  auto r = aws::describe_instance_information_request({"i-1"});
  EXPECT_EQ(r.input["Filters"][0]["Key"], "InstanceIds");
}

TEST(SsmParse, StartSessionAndRequests) {
  auto s = aws::parse_start_session(captured("ssm_StartSession.json"));
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_FALSE(s->session_id.empty());
  EXPECT_EQ(s->stream_url.rfind("wss://", 0), 0u);
  EXPECT_FALSE(s->token.empty());
  auto r = aws::start_session_request("i-1", "AWS-StartPortForwardingSessionToRemoteHost",
                                      {{"host", {"db"}}, {"portNumber", {"5432"}}});
  EXPECT_EQ(r.input["Target"], "i-1");
  EXPECT_EQ(r.input["Parameters"]["host"][0], "db");
  EXPECT_EQ(aws::terminate_session_request("s-1").input["SessionId"], "s-1");
  EXPECT_EQ(aws::cancel_command_request("c-1").input["CommandId"], "c-1");
}

}  // namespace
}  // namespace opsdeck
