#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/logs/cloudwatch_page_fetcher.hpp"

namespace opsdeck::app {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/fixtures/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CloudWatchPageFetcher, RequestCarriesWindowTokenAndStreamSelection) {
  FilterRequest r{.group = "/app", .stream_prefix = "web-", .filter_pattern = "ERROR",
                  .start_ms = 1000, .end_ms = 2000, .next_token = "tok"};
  const aws::AwsRequest req = filter_log_events_request(r);
  EXPECT_EQ(req.operation, "FilterLogEvents");
  EXPECT_EQ(req.service->target_prefix, "Logs_20140328");
  EXPECT_EQ(req.input["logGroupName"], "/app");
  EXPECT_EQ(req.input["logStreamNamePrefix"], "web-");
  EXPECT_EQ(req.input["filterPattern"], "ERROR");
  EXPECT_EQ(req.input["startTime"], 1000);
  EXPECT_EQ(req.input["endTime"], 2000);
  EXPECT_EQ(req.input["nextToken"], "tok");
  EXPECT_EQ(req.input["interleaved"], true);
  FilterRequest names{.group = "/app", .stream_names = {"a", "b"}, .stream_prefix = "ignored"};
  const aws::AwsRequest req2 = filter_log_events_request(names);
  EXPECT_EQ(req2.input["logStreamNames"].size(), 2U);
  EXPECT_FALSE(req2.input.contains("logStreamNamePrefix"));
  EXPECT_FALSE(req2.input.contains("nextToken"));
  EXPECT_FALSE(req2.input.contains("endTime"));
}

TEST(CloudWatchPageFetcher, ParsesCapturedMotoPage) {
  auto page = parse_filter_log_events(fixture("logs_FilterLogEvents.json"), "/weightloss/api");
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->events.size(), 4U);
  EXPECT_EQ(page->events[1].message, "ERROR boom \u2717");
  EXPECT_EQ(page->events[1].stream, "i-1/app");
  EXPECT_EQ(page->events[1].group, "/weightloss/api");
  EXPECT_EQ(page->events[0].timestamp_ms, 1795316853953);
  EXPECT_EQ(page->events[0].ingestion_ms, 1795316858963);
  EXPECT_EQ(page->events[3].event_id, "3");
  EXPECT_TRUE(page->next_token.empty());
}

TEST(CloudWatchPageFetcher, FetchUsesTheCallerAndReportsErrors) {
  int calls = 0;
  CloudWatchPageFetcher ok([&](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
    ++calls;
    EXPECT_EQ(r.input["logGroupName"], "g");
    return aws::HttpResponse{200, {}, R"({"events":[{"eventId":"e","message":"m","timestamp":5}],"nextToken":"n2"})"};
  });
  auto page = ok.fetch({.group = "g"});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->next_token, "n2");
  EXPECT_EQ(calls, 1);
  CloudWatchPageFetcher bad([](const aws::AwsRequest&) -> aws::Result<aws::HttpResponse> {
    return aws::HttpResponse{200, {}, "<html>"};
  });
  EXPECT_EQ(bad.fetch({.group = "g"}).error().kind, aws::ErrorKind::Parse);
}

}  // namespace
}  // namespace opsdeck::app
