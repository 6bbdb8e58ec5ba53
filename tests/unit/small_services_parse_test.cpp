#include <gtest/gtest.h>

#include "aws/elbv2.hpp"
#include "aws/logs.hpp"
#include "aws/sqs_secrets_sts.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::aws {
namespace {

using testing::captured;

TEST(LogsParse, GroupsAndFilteredEventsFromMoto) {
  auto groups = parse_describe_log_groups(captured("logs_DescribeLogGroups.json"), nullptr);
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].name, "/prod/api");
  auto page = parse_filter_log_events(captured("logs_FilterLogEvents.json"));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 4u);
  EXPECT_EQ(page->events[1].message, "ERROR boom ✗");
  EXPECT_EQ(page->events[0].stream, "i-1/app");
  EXPECT_GT(page->events[0].timestamp_ms, 1700000000000);
}

TEST(LogsParse, EmptyPagesWithTokenAreFollowed) {
  testing::ScriptedCaller sc;
  sc.bodies["logs:FilterLogEvents"] = {R"({"events":[],"nextToken":"a"})",
                                       captured("logs_FilterLogEvents.json")};
  FilterLogEventsInput in;
  in.group = "/prod/api";
  in.pattern = "ERROR";
  auto events = filter_log_events(sc.caller(), in);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 4u);
  EXPECT_EQ(sc.seen[1].input["nextToken"], "a");
  EXPECT_EQ(sc.seen[0].input["filterPattern"], "ERROR");
  auto q = parse_get_query_results(
      R"({"status":"Complete","results":[[{"field":"@message","value":"x"}]],"statistics":{"recordsMatched":1.0}})");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->rows[0][0].second, "x");
  EXPECT_FALSE(parse_start_query("{}").ok());
}

TEST(Elbv2Parse, TargetGroupsAndHealthFromMoto) {
  auto groups = parse_describe_target_groups(captured("elbv2_DescribeTargetGroups.xml"), nullptr);
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].name, "api-tg");
  EXPECT_EQ((*groups)[0].port, 80);
  auto health = parse_describe_target_health(captured("elbv2_DescribeTargetHealth.xml"));
  ASSERT_TRUE(health.ok());
  ASSERT_EQ(health->size(), 2u);
  EXPECT_EQ((*health)[0].state, "healthy");
  EXPECT_EQ((*health)[0].port, 80);
}

TEST(SmallServicesParse, SqsSecretsSts) {
  auto queues = parse_list_queues(captured("sqs_ListQueues.json"), nullptr);
  ASSERT_TRUE(queues.ok());
  EXPECT_EQ(queues->size(), 2u);
  auto attrs = parse_get_queue_attributes(
      R"({"Attributes":{"ApproximateNumberOfMessages":"7","ApproximateNumberOfMessagesNotVisible":"2",
          "RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:dlq\",\"maxReceiveCount\":\"3\"}"}})",
      "u");
  ASSERT_TRUE(attrs.ok());
  EXPECT_EQ(attrs->visible(), 7);
  EXPECT_EQ(attrs->in_flight(), 2);
  EXPECT_EQ(attrs->dead_letter_target(), "arn:aws:sqs:us-east-1:1:dlq");
  std::string token = "x";
  auto secrets = parse_list_secrets(captured("secretsmanager_ListSecrets.json"), &token);
  ASSERT_TRUE(secrets.ok());
  ASSERT_EQ(secrets->size(), 1u);
  EXPECT_EQ((*secrets)[0].name, "prod/api/token");
  EXPECT_TRUE(token.empty());  // "NextToken": null
  auto who = parse_get_caller_identity(captured("sts_GetCallerIdentity.xml"));
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->account, "123456789012");
  EXPECT_FALSE(parse_get_caller_identity("<ErrorResponse/>").ok());
}

}  // namespace
}  // namespace opsdeck::aws
