// The real `opsdeck` binary against tests/support/loopback_http_server.hpp answering with
// hostile documents: a DescribeInstances body nested 30,000 elements deep, a DescribeAlarms
// body nested 100,000 arrays deep, a Lightsail answer nested as deep next to a good EC2
// one, a broken config file and a mistyped service in a commented one. Each ends with the
// documented exit code (app/exit_codes.hpp: 1 for an AWS/runtime error, 2 for a bad config)
// and one clear line on stderr — never a signal. A progress file with "status": null is a
// warning, and the runbook still opens.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "app/runbook/progress_store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::testing {
namespace {

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string deep_describe_instances(std::size_t depth) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
         "<requestId>r-1</requestId><reservationSet><item><reservationId>r-1</reservationId>"
         "<instancesSet><item><instanceId>i-0deep</instanceId><deep>" +
         repeat("<a>", depth) + "x" + repeat("</a>", depth) +
         "</deep></item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
}

const std::string kOneInstance =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>r-2</requestId><reservationSet><item><reservationId>r-2</reservationId>"
    "<instancesSet><item><instanceId>i-0good</instanceId><instanceState><name>running</name></instanceState>"
    "<instanceType>t3.micro</instanceType></item></instancesSet></item></reservationSet>"
    "</DescribeInstancesResponse>";

class HostileCli : public ::testing::Test {
 protected:
  void SetUp() override {
    // The binary must see only what each test gives it.
    for (const char* v : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                          "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
                          "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "XDG_CONFIG_HOME", "XDG_STATE_HOME"})
      unsetenv(v);
  }

  std::map<std::string, std::string> env(const LoopbackHttpServer& server) const {
    return {{"HOME", home_.path().string()},
            {"AWS_ACCESS_KEY_ID", "AKIDHOSTILE"},
            {"AWS_SECRET_ACCESS_KEY", "hostile-secret"},
            {"AWS_REGION", "us-east-1"},
            {"AWS_ENDPOINT_URL", server.url()},
            {"AWS_EC2_METADATA_DISABLED", "true"}};
  }

  static RunResult opsdeck(std::vector<std::string> args, const std::map<std::string, std::string>& env) {
    args.insert(args.begin(), OPSDECK_BINARY);
    return run_command(args, {}, env, std::chrono::seconds(60));
  }

  // Answers EC2 (form-encoded Action=...) with `ec2`, and everything else (JSON protocols:
  // Lightsail, CloudWatch) with `json`.
  static LoopbackHttpServer::Handler answer(std::string ec2, std::string json) {
    return [ec2 = std::move(ec2), json = std::move(json)](const CapturedRequest& r) {
      if (r.body.find("Action=DescribeInstances") != std::string::npos)
        return LoopbackHttpServer::response(200, ec2);
      return LoopbackHttpServer::response(200, json, {}, "application/x-amz-json-1.1");
    };
  }

  static int lines(const std::string& text) {
    int n = 0;
    for (char c : text) n += c == '\n';
    return n;
  }

  TempDir home_;
};

TEST_F(HostileCli, ThirtyThousandDeepDescribeInstancesExitsOneWithOneLine) {
  LoopbackHttpServer server(answer(deep_describe_instances(30'000), R"({"instances": []})"));
  auto r = opsdeck({"instances"}, env(server));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // kExitError: an AWS/runtime error, not a signal (139)
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("opsdeck: ec2:DescribeInstances", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("response nested deeper than 256 levels; refusing to parse"), std::string::npos) << r.err;
  EXPECT_GE(server.request_count(), 1);
}

TEST_F(HostileCli, HundredThousandDeepJsonAnswerExitsOneWithOneLine) {
  std::string deep = R"({"MetricAlarms": )" + repeat("[", 100'000) + repeat("]", 100'000) + "}";
  LoopbackHttpServer server(answer(kOneInstance, deep));
  auto r = opsdeck({"alarms"}, env(server));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("cloudwatch:DescribeAlarms"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("response nested deeper than 256 levels; refusing to parse"), std::string::npos) << r.err;
}

TEST_F(HostileCli, DeepOptionalLightsailAnswerIsAWarningAndEc2RowsStillPrint) {
  std::string deep = R"({"instances": [{"name": "x", "extra": )" + repeat("[", 100'000) + repeat("]", 100'000) + "}]}";
  LoopbackHttpServer server(answer(kOneInstance, deep));
  auto r = opsdeck({"instances", "--output", "json"}, env(server));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("i-0good"), std::string::npos) << r.out;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("opsdeck: warning: lightsail:GetInstances", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("nested deeper than 256 levels"), std::string::npos) << r.err;
}

TEST_F(HostileCli, BrokenConfigExitsTwoWithFileLineAndColumn) {
  LoopbackHttpServer server(answer(kOneInstance, R"({"instances": []})"));
  std::string config = (home_.path() / "config.json").string();
  write_file(config, "{\n  // environments\n  \"environments\": {\"prod\": {\"production\": yes}}\n}\n");
  auto r = opsdeck({"--config", config, "deploy", "api", "--yes"}, env(server));
  EXPECT_EQ(r.exit_code, 2) << r.err;  // kExitUsage
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(config + ":3:43: syntax error"), std::string::npos) << r.err;
  EXPECT_EQ(server.request_count(), 0);
}

TEST_F(HostileCli, MistypedHealthCheckInACommentedServiceExitsTwo) {
  LoopbackHttpServer server(answer(kOneInstance, R"({"instances": []})"));
  std::string config = (home_.path() / "config.json").string();
  write_file(config, R"({
  // the services `opsdeck deploy` knows, read by the same reader as the rest of the file
  "services": {
    "api": { /* ssh deploy */ "deploy": {"type": "ssh", "host": "127.0.0.1", "command": "true"},
             "health_checks": [{"url": "http://127.0.0.1:1/healthz", "status": "200"}] }
  }
})");
  auto r = opsdeck({"--config", config, "deploy", "api", "--yes"}, env(server));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("$.services.api.health_checks[0].status is a string, expected an integer"), std::string::npos)
      << r.err;
  EXPECT_EQ(server.request_count(), 0);
}

TEST_F(HostileCli, ProgressFileWithNullStatusWarnsAndTheRunbookStillOpens) {
  LoopbackHttpServer server(answer(kOneInstance, R"({"instances": []})"));
  std::string rb = (home_.path() / "rb.md").string();
  write_file(rb, "# Check\n\n1. Look\n\n```sh\necho one\n```\n\n2. Look again\n\n```sh\necho two\n```\n");
  std::string state = (home_.path() / "state").string();
  // The environment is "default" without a config; the store names the file the binary reads.
  app::runbook::ProgressStore store(state + "/opsdeck", rb, "default");
  std::filesystem::create_directories(std::filesystem::path(store.file()).parent_path());
  write_file(store.file(), R"({"steps": {"1": {"status": "done"}, "2": {"status": null}}})");
  auto e = env(server);
  e["XDG_STATE_HOME"] = state;
  e["XDG_CONFIG_HOME"] = (home_.path() / "xdg-config").string();
  e["OPSDECK_AUDIT_LOG"] = (home_.path() / "audit.jsonl").string();
  auto r = opsdeck({"runbook", rb, "--list"}, e);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("echo two"), std::string::npos) << r.out;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("opsdeck: warning: progress file " + store.file() +
                       ": steps[2].status is null, expected a string"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("starting without saved progress"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace opsdeck::testing
