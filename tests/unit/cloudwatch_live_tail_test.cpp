// The StartLiveTail request opsdeck sends: group ARNs from the caller, the model's
// members and limits, the streaming host prefix, an idle timeout instead of a total one.
#include <gtest/gtest.h>

#include "app/logs/cloudwatch_live_tail.hpp"

namespace opsdeck::app {
namespace {

TEST(CloudWatchLiveTail, GroupsBecomeArnsOfTheCallersAccountAndPartition) {
  EXPECT_EQ(live_tail_group_identifier("/app/api", "arn:aws:iam::123456789012:user/ops", "eu-west-1"),
            "arn:aws:logs:eu-west-1:123456789012:log-group:/app/api");
  EXPECT_EQ(live_tail_group_identifier("/app/api", "arn:aws-cn:sts::210987654321:assumed-role/r/s", "cn-north-1"),
            "arn:aws-cn:logs:cn-north-1:210987654321:log-group:/app/api");
  // Given as an ARN: no trailing ":*" (the model forbids it).
  EXPECT_EQ(live_tail_group_identifier("arn:aws:logs:us-east-1:1:log-group:/x:*", "", "us-east-1"),
            "arn:aws:logs:us-east-1:1:log-group:/x");
  // Caller unknown: the name as given.
  EXPECT_EQ(live_tail_group_identifier("/app/api", "", "us-east-1"), "/app/api");
  EXPECT_EQ(live_tail_group_identifier("/app/api", "not-an-arn", "us-east-1"), "/app/api");
}

TEST(CloudWatchLiveTail, RequestCarriesTheModelMembersAndStreamsOnlyForOneGroup) {
  LiveTailRequest one{{"/a"}, {}, "web-", "ERROR"};
  auto r = start_live_tail_request(one, {"arn:aws:logs:us-east-1:1:log-group:/a"}, std::chrono::seconds(20));
  EXPECT_EQ(r.operation, "StartLiveTail");
  EXPECT_EQ(r.host_prefix, "stream-");
  EXPECT_EQ(r.idle_timeout, std::chrono::seconds(20));
  EXPECT_EQ(r.input["logGroupIdentifiers"], nlohmann::json::array({"arn:aws:logs:us-east-1:1:log-group:/a"}));
  EXPECT_EQ(r.input["logStreamNamePrefixes"], nlohmann::json::array({"web-"}));
  EXPECT_EQ(r.input["logEventFilterPattern"], "ERROR");
  EXPECT_FALSE(r.input.contains("logStreamNames"));

  LiveTailRequest two{{"/a", "/b"}, {"s1"}, "", ""};
  auto r2 = start_live_tail_request(two, {"/a", "/b"}, std::chrono::seconds(20));
  EXPECT_FALSE(r2.input.contains("logStreamNames"));  // only allowed with exactly one group
  EXPECT_FALSE(r2.input.contains("logEventFilterPattern"));
}

}  // namespace
}  // namespace opsdeck::app
