// Metric graphs in the real console, in tmux: datapoints put into moto with PutMetricData
// are drawn by `:metric NAMESPACE NAME DIM=VALUE` and by `m` on the instance's row (its
// standard metrics), with the figures (min / max / last) of exactly those values; the range
// keys and a bad `:metric` that says what to type. Lightsail (tests/support/fake_aws.py):
// `l` on the container service opens a container's log in the log view (the container is
// chosen from the deployment's two) and `m` graphs its CPU.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <thread>

#include "tests/support/child_process.hpp"
#include "tests/support/moto_server.hpp"
#include "tests/support/tmux_session.hpp"

using namespace opsdeck::testing;
using namespace std::chrono_literals;

namespace {

// One instance; its CPU: 5 from 90 to 65 minutes ago, then 95, the newest (this minute) 50.
const char* kSeed = R"(
import boto3, sys, time
from botocore.config import Config
from datetime import datetime, timezone
ep = sys.argv[1]
ec2 = boto3.client("ec2", endpoint_url=ep, region_name="us-east-1")
r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                      TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "graph-box"}]}])
iid = r["Instances"][0]["InstanceId"]
# moto cannot read a gzipped PutMetricData body (botocore compresses those over 10 KiB).
cw = boto3.client("cloudwatch", endpoint_url=ep, region_name="us-east-1",
                  config=Config(disable_request_compression=True))
now = int(time.time()) // 60 * 60
data = []
for ago in range(90):
    v = 50.0 if ago == 0 else (95.0 if ago < 65 else 5.0)
    data.append({"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": iid}],
                 "Timestamp": datetime.fromtimestamp(now - ago * 60, tz=timezone.utc), "Value": v, "Unit": "Percent"})
cw.put_metric_data(Namespace="AWS/EC2", MetricData=data)
print(iid)
)";

class ConsoleMetrics : public ::testing::Test {
 protected:
  MotoServer& moto = shared_moto();
  TempDir dir;
  std::string instance;

  void SetUp() override {
    moto.reset();
    auto seeded = run_command({"python3", "-c", kSeed, moto.endpoint()}, {}, env());
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
    instance = seeded.out.substr(0, seeded.out.find('\n'));
    write_file(dir.path() / "config.json", R"({"environments": {"dev": {"production": false}}})");
  }

  std::map<std::string, std::string> env() const {
    return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
            {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
            {"AWS_REGION", "us-east-1"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"HOME", dir.path().string()},
            {"XDG_STATE_HOME", (dir.path() / "state").string()},
            {"OPSDECK_AUDIT_LOG", (dir.path() / "audit.jsonl").string()},
            {"LANG", "C.UTF-8"}};
  }

  std::unique_ptr<TmuxSession> console(std::map<std::string, std::string> extra = {}) {
    TmuxOptions o;
    o.columns = 160;
    o.rows = 45;
    o.env = env();
    o.env["AWS_ENDPOINT_URL"] = moto.endpoint();
    for (auto& [k, v] : extra) o.env[k] = v;
    return std::make_unique<TmuxSession>(
        std::vector<std::string>{OPSDECK_BINARY, "--config", (dir.path() / "config.json").string()}, o);
  }
};

void palette(TmuxSession& t, const std::string& command) {
  t.send_keys({":"});
  t.send_text(command);
  t.send_keys({"Enter"});
}

// Braille dots (U+2800..U+28FF) drawn on the screen: the graph's line.
bool has_graph(const std::string& screen) { return screen.find("\xe2\xa0") != std::string::npos ||
                                                   screen.find("\xe2\xa1") != std::string::npos ||
                                                   screen.find("\xe2\xa2") != std::string::npos ||
                                                   screen.find("\xe2\xa3") != std::string::npos; }

TEST_F(ConsoleMetrics, MetricCommandAndMOnARowDrawThePutValues) {
  auto t = console();
  ASSERT_TRUE(t->wait_for_text("graph-box", 30s)) << t->screen();

  palette(*t, "metric AWS/EC2 CPUUtilization InstanceId");
  ASSERT_TRUE(t->wait_for_text("is neither DIM=VALUE", 10s)) << t->screen();

  palette(*t, "metric AWS/EC2 CPUUtilization InstanceId=" + instance + " Maximum");
  ASSERT_TRUE(t->wait_for_text("min 5  max 95  last 50 Percent", 20s)) << t->screen();
  std::string s = t->screen();
  EXPECT_NE(s.find("Metric CPUUtilization  last 3h"), std::string::npos) << s;
  EXPECT_TRUE(has_graph(s)) << s;
  // The last hour holds only 95s and the newest 50.
  t->send_keys({"1"});
  ASSERT_TRUE(t->wait_for_text("min 50  max 95  last 50 Percent", 20s)) << t->screen();
  EXPECT_NE(t->screen().find("last 1h"), std::string::npos) << t->screen();
  t->send_keys({"Escape"});

  // `m` on the instance row: its standard metrics; CPU has the values, the others say so.
  std::this_thread::sleep_for(500ms);
  t->send_keys({"m"});
  ASSERT_TRUE(t->wait_for_text("Metrics graph-box", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("CPUUtilization (Average)", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("last 50 Percent", 20s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("NetworkIn (Sum)", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("no data points in the last 3 hours", 20s)) << t->screen();
  EXPECT_TRUE(has_graph(t->screen())) << t->screen();
  t->send_keys({"Escape"});
  t->send_keys({"q"});
  auto exit = t->wait_for_exit(10s);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->status, 0);
}

TEST_F(ConsoleMetrics, LightsailContainerLogAndMetrics) {
  int port = free_loopback_port();
  ChildProcess fake({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py", "--port",
                     std::to_string(port)});
  ASSERT_TRUE(wait_for_port(port, 20s));
  auto t = console({{"AWS_ENDPOINT_URL_LIGHTSAIL", "http://127.0.0.1:" + std::to_string(port)}});
  ASSERT_TRUE(t->wait_for_text("Instances (", 30s)) << t->screen();
  palette(*t, "lightsail");
  ASSERT_TRUE(t->wait_for_text("shop-api", 20s)) << t->screen();
  t->send_keys({"/"});
  t->send_text("shop-api");
  t->send_keys({"Enter"});
  std::this_thread::sleep_for(500ms);
  t->send_keys({"l"});
  // Two containers in the deployment: choose one.
  ASSERT_TRUE(t->wait_for_text("Containers of shop-api", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("worker", 10s)) << t->screen();
  t->send_keys({"Enter"});  // the first: app
  ASSERT_TRUE(t->wait_for_text("lightsail shop-api/app", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_text("GET /api/", 20s)) << t->screen();
  t->send_keys({"Escape"});
  t->send_keys({"Escape"});
  ASSERT_TRUE(t->wait_for_text("Lightsail (", 10s)) << t->screen();
  t->send_keys({"m"});
  ASSERT_TRUE(t->wait_for_text("Metrics shop-api", 10s)) << t->screen();
  ASSERT_TRUE(t->wait_for_regex(std::regex(R"(CPUUtilization \(Average\) +min [0-9.]+  max [0-9.]+  last [0-9.]+ Percent)"),
                                20s))
      << t->screen();
  ASSERT_TRUE(t->wait_for_text("MemoryUtilization (Average)", 10s)) << t->screen();
  EXPECT_TRUE(has_graph(t->screen())) << t->screen();
  // Quitting while a container's log is followed stops its follower and exits cleanly.
  t->send_keys({"Escape"});
  ASSERT_TRUE(t->wait_for_text("Lightsail (", 10s)) << t->screen();
  t->send_keys({"l"});
  ASSERT_TRUE(t->wait_for_text("Containers of shop-api", 10s)) << t->screen();
  t->send_keys({"Enter"});
  ASSERT_TRUE(t->wait_for_text("GET /api/", 20s)) << t->screen();
  t->send_keys({"q"});
  auto exit = t->wait_for_exit(10s);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->status, 0);
}

}  // namespace
