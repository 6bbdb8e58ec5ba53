// Live tail end to end: moto_server (signature checking on) holds the log events and
// tests/support/fake_aws.py serves StartLiveTail from them as a real event stream (every
// other Logs call passes through to moto). LiveTailLogSource follows through an AwsClient
// while events are put straight into moto; the fake's fault modes cut the stream
// mid-message, send a bad CRC, stall, end the session (the 3-hour timeout) and refuse it
// (LimitExceeded, AccessDenied). Every event must arrive exactly once. The headless
// `opsdeck logs --follow --mode ...` runs against the same peers and against plain moto.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <iostream>
#include <thread>

#include "app/logs/cloudwatch_live_tail.hpp"
#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/live_tail_log_source.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "aws/service_call.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/json_test_caller.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck;
using namespace std::chrono_literals;
using opsdeck::testing::ChildProcess;
using opsdeck::testing::shared_moto;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class Collector : public app::LogSink {
 public:
  void on_events(std::vector<app::LogEvent> ev) override {
    std::lock_guard lock(mu_);
    for (auto& e : ev) got_.push_back(std::move(e));
    cv_.notify_all();
  }
  void on_status(const app::SourceStatus& s) override {
    std::lock_guard lock(mu_);
    notes_.push_back(std::string(app::to_string(s.state)) + ": " + s.message);
  }
  bool wait_for(std::size_t n, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return got_.size() >= n; });
  }
  std::vector<app::LogEvent> events() {
    std::lock_guard lock(mu_);
    return got_;
  }
  std::vector<std::string> notes() {
    std::lock_guard lock(mu_);
    return notes_;
  }
  bool noted(const std::string& part) {
    for (const auto& n : notes())
      if (n.find(part) != std::string::npos) return true;
    return false;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<app::LogEvent> got_;
  std::vector<std::string> notes_;
};

std::map<std::string, std::string> creds_env() {
  const auto& c = shared_moto().credentials();
  return {{"AWS_ACCESS_KEY_ID", c.access_key_id}, {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
          {"AWS_REGION", "us-east-1"}};
}

// The CLI's: moto's key and nothing from the machine's AWS config.
std::map<std::string, std::string> cli_env() {
  auto env = creds_env();
  env.insert({{"AWS_PROFILE", ""}, {"AWS_CONFIG_FILE", "/nonexistent/opsdeck"},
              {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/opsdeck"}});
  return env;
}

class LiveTailMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_moto().reset();
    put_ = opsdeck::testing::signed_json_caller(shared_moto());
    const int port = opsdeck::testing::free_loopback_port();
    fake_ = ChildProcess({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws.py", "--port",
                          std::to_string(port), "--logs-upstream", shared_moto().endpoint()},
                         creds_env(), (log_dir_.path() / "fake_aws.log").string());
    ASSERT_TRUE(opsdeck::testing::wait_for_port(port, 20s)) << "fake_aws.py did not start";
    fake_url_ = "http://127.0.0.1:" + std::to_string(port);
    op("CreateLogGroup", {{"logGroupName", kGroup}});
    op("CreateLogStream", {{"logGroupName", kGroup}, {"logStreamName", "web-1"}});
  }
  void op(const char* name, nlohmann::json in) {
    auto r = put_(aws::json_request(aws::services::logs, name, std::move(in)));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().describe();
  }
  // Events "#seq" for seq in [first, first + count), timestamped now.
  void put(int first, int count) {
    nlohmann::json ev = nlohmann::json::array();
    const std::int64_t t = now_ms();
    for (int i = 0; i < count; ++i) ev.push_back({{"timestamp", t}, {"message", "#" + std::to_string(first + i)}});
    op("PutLogEvents", {{"logGroupName", kGroup}, {"logStreamName", "web-1"}, {"logEvents", ev}});
  }
  nlohmann::json fake(const std::string& op_name, const nlohmann::json& body = nlohmann::json::object()) {
    auto r = opsdeck::testing::run_command(
        {"curl", "-s", "-X", "POST", "-H", "X-Amz-Target: FakeAws." + op_name, "--data", body.dump(), fake_url_ + "/"});
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  std::unique_ptr<aws::AwsClient> client(const std::string& endpoint) {
    aws::ClientOptions o;
    o.region = "us-east-1";
    o.endpoint_url = endpoint;
    o.request_timeout = 10s;
    return std::make_unique<aws::AwsClient>(
        std::move(o), std::make_shared<aws::StaticCredentialsProvider>(shared_moto().credentials()));
  }
  app::LiveFollowOptions options() {
    app::LiveFollowOptions o;
    o.tail.groups = {kGroup};
    o.tail.start_ms = now_ms() - 60'000;
    o.tail.min_interval_ms = 200;
    o.tail.max_interval_ms = 500;
    o.settle_ms = 1500;
    o.reconnect_base_ms = 200;
    return o;
  }
  // Every "#seq" for seq < n exactly once.
  static void expect_exactly_once(const std::vector<app::LogEvent>& got, int n) {
    std::map<std::string, int> count;
    for (const auto& e : got) ++count[e.message];
    for (int i = 0; i < n; ++i) {
      const std::string m = "#" + std::to_string(i);
      EXPECT_EQ(count[m], 1) << m << (count[m] == 0 ? " lost" : " repeated");
    }
    EXPECT_EQ(got.size(), static_cast<std::size_t>(n));
  }

  static constexpr const char* kGroup = "/live/api";
  void TearDown() override {
    if (HasFailure()) std::cerr << "fake_aws.py said:\n" << opsdeck::testing::read_file(log_dir_.path() / "fake_aws.log");
  }

  aws::SyncCaller put_;
  opsdeck::testing::TempDir log_dir_;
  ChildProcess fake_;
  std::string fake_url_;
};

TEST_F(LiveTailMoto, FollowsNewEventsLiveAndEachStreamFaultLosesAndRepeatsNothing) {
  put(0, 5);  // the backlog, read once the session starts
  auto c = client(fake_url_);
  app::CloudWatchPageFetcher fetcher(aws::sync_caller(*c));
  app::CloudWatchLiveTail live(*c, nullptr, 3s);  // a 3 s stall ends a session
  app::LiveTailLogSource source(options(), fetcher, &live);
  Collector sink;
  source.start(sink);
  ASSERT_TRUE(sink.wait_for(5, 20s));
  // One fault per session, each on the first update that carries events.
  fake("LiveTailFaults", {{"faults", {"cut", "crc", "stall", "timeout", "end"}}});
  int n = 5;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until) {
    put(n, 3);
    n += 3;
    std::this_thread::sleep_for(700ms);
    if (fake("LiveTailStats")["faults"].empty() && n > 60) break;
  }
  for (int i = 0; i < 4; ++i, n += 3) {  // the last session, without faults
    put(n, 3);
    std::this_thread::sleep_for(700ms);
  }
  const bool all = sink.wait_for(static_cast<std::size_t>(n), 30s);
  std::this_thread::sleep_for(3s);  // room for a repeat (the settle read) to show
  source.stop();
  EXPECT_TRUE(all) << "only " << sink.events().size() << " of " << n;
  expect_exactly_once(sink.events(), n);
  const auto stats = fake("LiveTailStats");
  EXPECT_TRUE(stats["faults"].empty()) << stats.dump();
  EXPECT_GE(stats["sessions"].get<int>(), 6) << stats.dump();
  EXPECT_TRUE(sink.noted("live tail reconnecting"));
  EXPECT_FALSE(sink.noted("polling")) << "stream faults must reconnect, not poll";
}

TEST_F(LiveTailMoto, SwitchFromLiveToPollingOnLimitExceededLosesAndRepeatsNothing) {
  put(0, 3);
  auto c = client(fake_url_);
  app::CloudWatchPageFetcher fetcher(aws::sync_caller(*c));
  app::CloudWatchLiveTail live(*c, nullptr, 3s);
  app::LiveTailLogSource source(options(), fetcher, &live);
  Collector sink;
  source.start(sink);
  ASSERT_TRUE(sink.wait_for(3, 20s));
  int n = 3;
  for (int i = 0; i < 3; ++i, n += 3) {
    put(n, 3);
    std::this_thread::sleep_for(700ms);
  }
  ASSERT_TRUE(sink.wait_for(static_cast<std::size_t>(n), 20s));
  fake("LiveTailFaults", {{"faults", {"cut", "limit"}}});  // the reconnect is refused
  for (int i = 0; i < 8; ++i, n += 3) {
    put(n, 3);
    std::this_thread::sleep_for(700ms);
  }
  const bool all = sink.wait_for(static_cast<std::size_t>(n), 30s);
  std::this_thread::sleep_for(2s);
  source.stop();
  EXPECT_TRUE(all) << "only " << sink.events().size() << " of " << n;
  expect_exactly_once(sink.events(), n);
  EXPECT_TRUE(sink.noted("polling (live tail unavailable")) << ::testing::PrintToString(sink.notes());
  EXPECT_TRUE(sink.noted("LimitExceededException"));
}

TEST_F(LiveTailMoto, AccessDeniedFallsBackToPollingAtOnce) {
  fake("LiveTailFaults", {{"faults", {"denied"}}});
  put(0, 4);
  auto c = client(fake_url_);
  app::CloudWatchPageFetcher fetcher(aws::sync_caller(*c));
  app::CloudWatchLiveTail live(*c, nullptr, 3s);
  app::LiveTailLogSource source(options(), fetcher, &live);
  Collector sink;
  source.start(sink);
  ASSERT_TRUE(sink.wait_for(4, 20s));
  put(4, 4);
  const bool all = sink.wait_for(8, 20s);
  std::this_thread::sleep_for(1s);
  source.stop();
  EXPECT_TRUE(all);
  expect_exactly_once(sink.events(), 8);
  EXPECT_TRUE(sink.noted("AccessDeniedException")) << ::testing::PrintToString(sink.notes());
  EXPECT_EQ(fake("LiveTailStats")["sessions"].get<int>(), 1);
}

// The binary: `timeout -s INT` ends the follow like Ctrl-C (exit 130) after it printed.
opsdeck::testing::RunResult follow(const std::string& endpoint, const std::string& mode, int seconds,
                                   const std::map<std::string, std::string>& extra = {}) {
  auto env = cli_env();
  env["AWS_ENDPOINT_URL"] = endpoint;
  for (const auto& [k, v] : extra) env[k] = v;
  return opsdeck::testing::run_command({"timeout", "--preserve-status", "-s", "INT", std::to_string(seconds), OPSDECK_BINARY, "logs",
                                        "/live/api", "--follow", "--since", "5m", "--mode", mode},
                                       {}, env, 60s);
}

TEST_F(LiveTailMoto, CliPollModeNeverStartsALiveTail) {
  put(0, 3);
  auto r = follow(fake_url_, "poll", 4);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.out.find("#2"), std::string::npos) << r.out;
  EXPECT_EQ(fake("LiveTailStats")["sessions"].get<int>(), 0);
}

TEST_F(LiveTailMoto, CliLiveModePrintsTheBacklogAndNewEvents) {
  put(0, 3);
  std::thread writer([this] {
    std::this_thread::sleep_for(3s);
    put(3, 2);
  });
  // Logs through the fake; STS (the caller's account, for the group ARN) from moto.
  auto r = follow(shared_moto().endpoint(), "live", 8, {{"AWS_ENDPOINT_URL_LOGS", fake_url_}});
  writer.join();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  for (int i = 0; i < 5; ++i) EXPECT_NE(r.out.find("#" + std::to_string(i)), std::string::npos) << i << r.out << r.err;
  EXPECT_NE(r.err.find("live tail"), std::string::npos) << r.err;
  EXPECT_GE(fake("LiveTailStats")["sessions"].get<int>(), 1);
}

TEST_F(LiveTailMoto, CliAutoOnPlainMotoFallsBackToPollingWithANote) {
  put(0, 3);
  auto r = follow(shared_moto().endpoint(), "auto", 5);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.out.find("#2"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("polling (live tail unavailable"), std::string::npos) << r.err;
}

TEST_F(LiveTailMoto, CliLiveModeOnPlainMotoFailsWithTheReason) {
  auto r = follow(shared_moto().endpoint(), "live", 20);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 130) << "must fail on its own, not wait for Ctrl-C: " << r.err;
  EXPECT_NE(r.err.find("StartLiveTail"), std::string::npos) << r.err;
}

}  // namespace
