// The real `opsdeck` binary against a loopback endpoint that never ends its pages: it hands
// back the same token (or a cycle of tokens) forever. Every command must stop within
// seconds with a non-zero exit and say why on stderr, after printing what it already read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRepeatMessage = "stopping instead of looping — is a proxy or emulator in the way?";

struct Run {
  RunResult result;
  std::chrono::milliseconds took{0};
};

// Fake credentials, no config or metadata service, one endpoint for every service.
Run run_opsdeck(const LoopbackHttpServer& server, std::vector<std::string> args) {
  static TempDir home;
  std::vector<std::string> argv = {OPSDECK_BINARY, "--endpoint-url", server.url()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", "AKIDLOOPBACKTEST"},
                                            {"AWS_SECRET_ACCESS_KEY", "loopback-test-secret"},
                                            {"AWS_SESSION_TOKEN", ""},
                                            {"AWS_REGION", "us-east-1"},
                                            {"AWS_PROFILE", ""},
                                            {"AWS_EC2_METADATA_DISABLED", "true"},
                                            {"AWS_CONFIG_FILE", "/dev/null"},
                                            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                                            {"HOME", home.path().string()},
                                            {"XDG_CONFIG_HOME", (home.path() / "config").string()}};
  auto start = std::chrono::steady_clock::now();
  Run r;
  r.result = run_command(argv, {}, env, 120s);
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return r;
}

std::string target_of(const CapturedRequest& r) {
  const std::string* t = r.header("x-amz-target");
  return t ? *t : std::string();
}

bool is_query(const CapturedRequest& r, const std::string& action) {
  return r.body.find("Action=" + action + "&") != std::string::npos ||
         r.body.ends_with("Action=" + action);
}

std::string json_response(const nlohmann::json& body) {
  return LoopbackHttpServer::response(200, body.dump(), {}, "application/x-amz-json-1.1");
}

std::string unknown_operation() {
  return LoopbackHttpServer::response(400, R"({"__type":"UnknownOperationException","message":"not here"})", {},
                                      "application/x-amz-json-1.1");
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void expect_stopped(const Run& r, const std::string& read_name) {
  EXPECT_NE(r.result.exit_code, 0) << r.result.err;
  EXPECT_NE(r.result.exit_code, 137) << "killed by the test's deadline: it looped";
  EXPECT_LT(r.took, 30s) << "a looping endpoint must be given up on within seconds";
  EXPECT_NE(r.result.err.find("the endpoint returned the same page token twice (" + read_name + ")"),
            std::string::npos)
      << r.result.err;
  EXPECT_NE(r.result.err.find(kRepeatMessage), std::string::npos) << r.result.err;
}

TEST(RepeatedTokens, LogsPrintsTheFirstPageThenStops) {
  const std::int64_t ts = (now_ms() / 1000 - 600) * 1000;  // 10 minutes ago
  std::atomic<int> filter_calls{0}, with_token{0};
  LoopbackHttpServer server([&](const CapturedRequest& r) {
    if (target_of(r) != "Logs_20140328.FilterLogEvents") return unknown_operation();
    ++filter_calls;
    if (nlohmann::json::parse(r.body).value("nextToken", "") == "same") ++with_token;
    return json_response({{"events",
                           {{{"logStreamName", "web"},
                             {"timestamp", ts},
                             {"ingestionTime", ts},
                             {"message", "first page event"},
                             {"eventId", "e1"}}}},
                          {"nextToken", "same"}});
  });
  auto r = run_opsdeck(server, {"logs", "/app/api", "--since", "1h"});
  expect_stopped(r, "FilterLogEvents on /app/api");
  EXPECT_NE(r.result.out.find("first page event"), std::string::npos) << r.result.out;
  EXPECT_GE(with_token.load(), 1);
  // One read per time slice, each stopped at its second page (no retry of a looping read).
  EXPECT_LT(filter_calls.load(), 50);
}

TEST(RepeatedTokens, InstancesStopsOnARepeatedNextToken) {
  std::atomic<int> ec2_calls{0};
  std::atomic<int> with_token{0};
  LoopbackHttpServer server([&](const CapturedRequest& r) {
    if (target_of(r) == "Lightsail_20161128.GetInstances") return json_response({{"instances", nlohmann::json::array()}});
    if (!is_query(r, "DescribeInstances")) return unknown_operation();
    ++ec2_calls;
    if (r.body.find("NextToken=same") != std::string::npos) ++with_token;
    return LoopbackHttpServer::response(
        200,
        "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r1</requestId>"
        "<reservationSet/><nextToken>same</nextToken></DescribeInstancesResponse>");
  });
  auto r = run_opsdeck(server, {"instances"});
  expect_stopped(r, "ec2:DescribeInstances");
  EXPECT_EQ(ec2_calls.load(), 2);
  EXPECT_EQ(with_token.load(), 1);
}

TEST(RepeatedTokens, DatabasesStopsOnACycleOfMarkers) {
  std::atomic<int> rds_calls{0};
  LoopbackHttpServer server([&](const CapturedRequest& r) {
    if (is_query(r, "DescribeCacheClusters"))
      return LoopbackHttpServer::response(
          200,
          "<DescribeCacheClustersResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
          "<DescribeCacheClustersResult><CacheClusters/></DescribeCacheClustersResult>"
          "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeCacheClustersResponse>");
    if (!is_query(r, "DescribeDBInstances")) return unknown_operation();
    int n = ++rds_calls;
    std::string marker = n % 2 == 1 ? "m1" : "m2";  // m1, m2, m1, ...
    return LoopbackHttpServer::response(
        200,
        "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBInstancesResult>"
        "<DBInstances/><Marker>" +
            marker +
            "</Marker></DescribeDBInstancesResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
            "</DescribeDBInstancesResponse>");
  });
  auto r = run_opsdeck(server, {"databases"});
  expect_stopped(r, "rds:DescribeDBInstances");
  EXPECT_EQ(rds_calls.load(), 3);
}

TEST(RepeatedTokens, AlarmsStopsOnARepeatedNextToken) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&](const CapturedRequest& r) {
    if (target_of(r) != "GraniteServiceVersion20100801.DescribeAlarms") return unknown_operation();
    ++calls;
    return LoopbackHttpServer::response(200, R"({"MetricAlarms":[],"CompositeAlarms":[],"NextToken":"same"})", {},
                                        "application/x-amz-json-1.0");
  });
  auto r = run_opsdeck(server, {"alarms"});
  expect_stopped(r, "cloudwatch:DescribeAlarms");
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace opsdeck::testing
