// `opsdeck metric` against signature-checking moto: datapoints put with boto3's
// PutMetricData come back from GetMetricData through the real binary, as text and JSON, with
// the statistic and period asked for; bad words are usage errors (exit 2).
// `opsdeck lightsail logs` against tests/support/fake_aws.py (moto has no Lightsail): one
// container, every container of the deployment merged, a filter, and a missing service.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <sstream>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck::testing;

namespace {

// Puts one datapoint a minute over the last 30 minutes: value = minutes ago (29 .. 0), and
// a second metric 10x that, so a wrong dimension or statistic shows in the values.
const char* kPut = R"(
import boto3, sys, time
from datetime import datetime, timezone
cw = boto3.client("cloudwatch", endpoint_url=sys.argv[1], region_name="us-east-1")
now = int(time.time()) // 60 * 60
data = []
for ago in range(30):
    ts = datetime.fromtimestamp(now - ago * 60, tz=timezone.utc)
    data.append({"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": "i-0metric"}],
                 "Timestamp": ts, "Value": float(ago), "Unit": "Percent"})
    data.append({"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": "i-0other"}],
                 "Timestamp": ts, "Value": float(ago * 10), "Unit": "Percent"})
cw.put_metric_data(Namespace="AWS/EC2", MetricData=data)
print(now)
)";

class MetricCli : public ::testing::Test {
 protected:
  MotoServer& moto = shared_moto();
  TempDir dir;
  long long minute = 0;

  void SetUp() override {
    moto.reset();
    auto put = run_command({"python3", "-c", kPut, moto.endpoint()}, {}, env());
    ASSERT_EQ(put.exit_code, 0) << put.err;
    minute = std::stoll(put.out);
  }

  std::map<std::string, std::string> env() const {
    return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
            {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
            {"AWS_REGION", "us-east-1"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"HOME", dir.path().string()},
            {"XDG_STATE_HOME", (dir.path() / "state").string()}};
  }

  RunResult opsdeck(std::vector<std::string> args) const {
    std::vector<std::string> argv = {OPSDECK_BINARY, "--endpoint-url", moto.endpoint()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, {}, env());
  }
};

TEST_F(MetricCli, PutDatapointsComeBackAsJsonWithTheirValues) {
  auto r = opsdeck({"metric", "AWS/EC2", "CPUUtilization", "InstanceId=i-0metric", "--since", "1h", "--stat",
                    "Maximum", "--period", "60", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["namespace"], "AWS/EC2");
  EXPECT_EQ(doc["stat"], "Maximum");
  EXPECT_EQ(doc["period"], 60);
  EXPECT_EQ(doc["unit"], "Percent");
  const auto& dps = doc["datapoints"];
  ASSERT_EQ(dps.size(), 30u) << r.out;
  // Oldest first: 29 minutes ago had 29, the newest 0; none of the other instance's values.
  EXPECT_EQ(dps.front()["value"], 29.0);
  EXPECT_EQ(dps.back()["value"], 0.0);
  for (std::size_t i = 1; i < dps.size(); ++i) {
    EXPECT_LT(dps[i - 1]["timestamp"].get<std::string>(), dps[i]["timestamp"].get<std::string>());
    EXPECT_EQ(dps[i]["value"].get<double>(), dps[i - 1]["value"].get<double>() - 1) << i;
  }
  EXPECT_EQ(r.err, "");
}

TEST_F(MetricCli, TextLinesAndAWiderPeriodAggregate) {
  auto r = opsdeck({"metric", "AWS/EC2", "CPUUtilization", "InstanceId=i-0other", "Sum", "--since", "1h",
                    "--period", "600"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  double total = 0;
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    auto gap = line.find("  ");
    ASSERT_NE(gap, std::string::npos) << line;
    EXPECT_EQ(line[gap - 1], 'Z') << line;
    total += std::stod(line.substr(gap + 2));
  }
  EXPECT_GE(n, 3) << r.out;
  EXPECT_LE(n, 4) << r.out;
  EXPECT_EQ(total, 10.0 * (29 * 30 / 2)) << r.out;  // every point summed once, in 10-minute buckets
}

TEST_F(MetricCli, NoDatapointsIsSaidAndBadWordsAreUsageErrors) {
  auto none = opsdeck({"metric", "AWS/EC2", "CPUUtilization", "InstanceId=i-0missing"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_NE(none.err.find("opsdeck: warning: no datapoints for AWS/EC2 CPUUtilization InstanceId=i-0missing"),
            std::string::npos)
      << none.err;
  auto bad = opsdeck({"metric", "AWS/EC2", "CPUUtilization", "InstanceId", "i-0metric"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("\"InstanceId\" is neither DIM=VALUE"), std::string::npos) << bad.err;
  std::vector<std::string> many = {"metric", "Custom/App", "Requests"};
  for (int i = 0; i < 31; ++i) many.push_back("D" + std::to_string(i) + "=v");
  auto too_many = opsdeck(many);
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.err.find("at most 30"), std::string::npos) << too_many.err;
}

class LightsailLogsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    port = free_loopback_port();
    fake = std::make_unique<ChildProcess>(std::vector<std::string>{
        "python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py", "--port", std::to_string(port)});
    ASSERT_TRUE(wait_for_port(port, std::chrono::seconds(20)));
  }
  RunResult opsdeck(std::vector<std::string> args) const {
    args.insert(args.begin(), OPSDECK_BINARY);
    return run_command(args, {},
                       {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                        {"AWS_SECRET_ACCESS_KEY", "secret"},
                        {"AWS_REGION", "us-east-1"},
                        {"AWS_CONFIG_FILE", "/dev/null"},
                        {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                        {"AWS_EC2_METADATA_DISABLED", "true"},
                        {"AWS_ENDPOINT_URL_LIGHTSAIL", "http://127.0.0.1:" + std::to_string(port)},
                        {"HOME", dir.path().string()}},
                       std::chrono::seconds(60));
  }
  int port = 0;
  TempDir dir;
  std::unique_ptr<ChildProcess> fake;
};

TEST_F(LightsailLogsCli, OneContainerEveryContainerAFilterAndAMissingService) {
  // The fake writes one line every 10 s per container: 5 minutes hold about 30.
  auto app = opsdeck({"lightsail", "logs", "shop-api", "app", "--since", "5m", "-o", "json"});
  ASSERT_EQ(app.exit_code, 0) << app.err;
  std::istringstream lines(app.out);
  int n = 0;
  long long last = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["group"], "shop-api");
    EXPECT_EQ(j["stream"], "app");
    EXPECT_GE(j["timestamp"].get<long long>(), last);
    last = j["timestamp"].get<long long>();
  }
  EXPECT_GE(n, 28) << app.out;
  EXPECT_LE(n, 31) << app.out;

  // No container named: app and worker of the current deployment, merged by time.
  auto both = opsdeck({"lightsail", "logs", "shop-api", "--since", "2m"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_NE(both.out.find("shop-api/app"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("shop-api/worker"), std::string::npos) << both.out;

  auto filtered = opsdeck({"lightsail", "logs", "shop-api", "app", "--since", "30m", "--filter", "/api/checkout"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  std::istringstream flines(filtered.out);
  int fn = 0;
  for (std::string line; std::getline(flines, line); ++fn)
    EXPECT_NE(line.find("/api/checkout"), std::string::npos) << line;
  EXPECT_GT(fn, 5);

  auto missing = opsdeck({"lightsail", "logs", "no-such-service"});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_NE(missing.err.find("no Lightsail container service named no-such-service"), std::string::npos)
      << missing.err;
  auto no_container = opsdeck({"lightsail", "logs", "shop-api", "sidecar", "--since", "1m"});
  EXPECT_NE(no_container.exit_code, 0);
  EXPECT_NE(no_container.err.find("sidecar"), std::string::npos) << no_container.err;
  // `opsdeck lightsail` alone still lists.
  auto list = opsdeck({"lightsail", "-o", "json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("shop-api"), std::string::npos) << list.out;
}

}  // namespace
