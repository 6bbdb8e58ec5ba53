// The console's fleet view as start_fleet() builds it, without a terminal: real Sessions
// and AwsClients against a loopback peer that serves STS, EC2, SSM, CloudWatch and RDS.
// Three members — one role profile in two regions and one profile with its own keys —
// show what one account's console shows (the SSM column, the alarms' sparklines, each
// member's own), and the account column costs no GetCallerIdentity where AssumeRole
// already said who the credentials are.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/live_setup.hpp"
#include "tests/support/canned_answers.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "widgets/sparkline.hpp"

namespace opsdeck::app {
namespace {

constexpr const char* kAssumed =
    "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/oncall/"
    "opsdeck</Arn><AssumedRoleId>AROA:opsdeck</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIAROLE"
    "</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>"
    "2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";

// The region a request was signed for (its credential scope).
std::string signed_region(const testing::CapturedRequest& r) {
  const std::string* auth = r.header("authorization");
  if (!auth) return "";
  auto at = auth->find("Credential=");
  if (at == std::string::npos) return "";
  std::string scope = auth->substr(at + 11, auth->find(',', at) - at - 11);  // KEY/DATE/REGION/SERVICE/aws4_request
  auto a = scope.find('/'), b = scope.find('/', a + 1), c = scope.find('/', b + 1);
  return scope.substr(b + 1, c - b - 1);
}

const std::vector<double> kRising{1, 2, 3, 4, 5, 6, 7, 8};
const std::vector<double> kFalling{8, 7, 6, 5, 4, 3, 2, 1};

std::string values_json(const std::vector<double>& v) {
  std::string out;
  for (double x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return "[" + out + "]";
}

class FleetConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                          "AWS_SECRET_ACCESS_KEY"})
      ::unsetenv(v);
    testing::write_file(dir_.path() / "aws-config",
                        "[profile base]\nregion = us-east-1\n"
                        "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/oncall\nsource_profile = base\n");
    testing::write_file(dir_.path() / "aws-credentials",
                        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
    ::setenv("AWS_CONFIG_FILE", (dir_.path() / "aws-config").c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "aws-credentials").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (dir_.path() / "state").c_str(), 1);
    testing::write_file(dir_.path() / "config.json", R"({"fleets": {"oncall": {"members": [
        {"profile": "prod", "regions": ["us-east-1", "eu-west-1"]},
        {"profile": "base", "region": "us-east-1"}]}}})");
    options_.config_path = (dir_.path() / "config.json").string();
    options_.endpoint_url = server_.url();
    options_.fleet = "oncall";
  }
  void TearDown() override {
    for (const char* v : {"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "XDG_STATE_HOME"}) ::unsetenv(v);
  }

  std::string answer(const testing::CapturedRequest& r) {
    using S = testing::LoopbackHttpServer;
    const std::string json = "application/x-amz-json-1.1";
    if (r.body.find("Action=AssumeRole") != std::string::npos) {
      ++assumed_;
      return S::response(200, kAssumed);
    }
    if (r.body.find("Action=GetCallerIdentity") != std::string::npos) {
      ++identities_;
      return S::response(200, testing::kCallerIdentityXml);
    }
    if (r.body.find("Action=DescribeInstances") != std::string::npos) return S::response(200, testing::kOneInstanceXml);
    if (r.body.find("Action=DescribeDBInstances") != std::string::npos)
      return S::response(200, "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances/>"
                              "</DescribeDBInstancesResult></DescribeDBInstancesResponse>");
    const std::string* target = r.header("x-amz-target");
    std::string op = target ? target->substr(target->find('.') + 1) : "";
    if (op == "DescribeInstanceInformation")
      return S::response(200, R"({"InstanceInformationList": [{"InstanceId": "i-0c45aa11", "PingStatus": "Online"}]})",
                         {}, json);
    if (op == "DescribeAlarms")
      return S::response(200, R"({"MetricAlarms": [{"AlarmName": "cpu-high", "StateValue": "ALARM",
          "StateUpdatedTimestamp": 1.7e9, "MetricName": "CPUUtilization", "Namespace": "AWS/EC2",
          "Statistic": "Average", "Period": 300, "Threshold": 85, "ComparisonOperator": "GreaterThanThreshold"}],
          "CompositeAlarms": []})",
                         {}, json);
    if (op == "GetMetricData") {
      // Each region its own shape: a row showing another member's series would show.
      const auto& values = signed_region(r) == "eu-west-1" ? kFalling : kRising;
      return S::response(200, R"({"MetricDataResults": [{"Id": "m0", "StatusCode": "Complete", "Timestamps": [],
          "Values": )" + values_json(values) + "}]}",
                         {}, json);
    }
    if (target)
      return S::response(400, R"({"__type":"UnknownOperationException","message":"not here"})", {}, json);
    return S::response(400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not here"
                            "</Message></Error><RequestId>r2</RequestId></ErrorResponse>");
  }

  template <class Pred>
  bool pump(Pred done) {
    for (int i = 0; i < 1000 && !done(); ++i) loop_.run_once(std::chrono::milliseconds(10));
    return done();
  }
  std::string screen() {
    ui::CellGrid grid(200, 50);
    view_.render(grid, "00:00 UTC", 0, false);
    return grid.to_text();
  }
  // The screen's lines that contain `text`.
  std::vector<std::string> lines_with(const std::string& text) {
    std::vector<std::string> out;
    std::string s = screen();
    for (std::size_t at = 0; at < s.size();) {
      auto end = s.find('\n', at);
      if (end == std::string::npos) end = s.size();
      std::string line = s.substr(at, end - at);
      if (line.find(text) != std::string::npos) out.push_back(line);
      at = end + 1;
    }
    return out;
  }

  testing::TempDir dir_;
  std::atomic<int> assumed_{0}, identities_{0};
  testing::LoopbackHttpServer server_{[this](const testing::CapturedRequest& r) { return answer(r); }};
  GlobalOptions options_;
  ConsoleView view_{HeaderInfo{}};
  ui::EventLoop loop_;
};

TEST_F(FleetConsoleTest, MembersShowTheirOwnSsmAgentsAndSparklinesAndAssumedRolesNeedNoIdentityCall) {
  auto parts = start_fleet(options_, view_, loop_);
  ASSERT_TRUE(parts->fleet) << view_.status().text();
  // Alarms: one row per member, each with its own member's series.
  const std::string rising = ui::sparkline(kRising, 18), falling = ui::sparkline(kFalling, 18);
  ASSERT_NE(rising, falling);
  auto drawn = [&](const std::string& line) {
    return line.find(rising) != std::string::npos || line.find(falling) != std::string::npos;
  };
  ASSERT_TRUE(pump([&] {
    auto lines = lines_with("cpu-high");
    return lines.size() == 3 && std::all_of(lines.begin(), lines.end(), drawn);
  })) << screen();
  // Each row: its member's account, region and series (the eu-west-1 peer answers falling).
  std::multiset<std::string> rows;
  for (const auto& line : lines_with("cpu-high")) {
    std::string account = line.find("111111111111") != std::string::npos   ? "111111111111"
                          : line.find("123456789012") != std::string::npos ? "123456789012"
                                                                           : "?";
    std::string region = line.find("eu-west-1") != std::string::npos ? "eu-west-1" : "us-east-1";
    std::string shape = line.find(falling) != std::string::npos ? "falling" : "rising";
    rows.insert(account + " " + region + " " + shape);
  }
  EXPECT_EQ(rows, (std::multiset<std::string>{"111111111111 us-east-1 rising", "111111111111 eu-west-1 falling",
                                               "123456789012 us-east-1 rising"}))
      << screen();
  // Instances: the SSM column says how `s` would connect, in every member.
  ASSERT_TRUE(pump([&] { return lines_with("clinic-api").size() == 3; })) << screen();
  for (const auto& line : lines_with("clinic-api")) EXPECT_NE(line.find("Online"), std::string::npos) << line;
  // One AssumeRole for the role's two regions, and its account from that answer: the one
  // GetCallerIdentity is the keys' profile's.
  EXPECT_EQ(assumed_.load(), 1);
  EXPECT_EQ(identities_.load(), 1);
  parts.reset();
}

}  // namespace
}  // namespace opsdeck::app
