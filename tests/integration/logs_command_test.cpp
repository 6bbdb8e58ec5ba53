// `opsdeck logs` (the real binary) against moto_server with signature checking: text and
// JSON output, merge of two groups, sanitising, exit codes, and Ctrl-C/SIGTERM in --follow.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <sstream>
#include <thread>

#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/json_test_caller.hpp"

using namespace opsdeck;
using opsdeck::testing::shared_moto;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class LogsCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_moto().reset();
    call_ = opsdeck::testing::signed_json_caller(shared_moto());
  }
  void op(const char* name, nlohmann::json in) {
    auto r = call_(aws::json_request(aws::services::logs, name, std::move(in)));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().describe();
  }
  std::map<std::string, std::string> env() const {
    const auto& c = shared_moto().credentials();
    return {{"AWS_ACCESS_KEY_ID", c.access_key_id},   {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
            {"AWS_REGION", "us-east-1"},              {"AWS_PROFILE", ""},
            {"AWS_CONFIG_FILE", "/nonexistent/opsdeck"}, {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/opsdeck"}};
  }
  std::vector<std::string> argv(std::vector<std::string> rest) const {
    std::vector<std::string> a = {OPSDECK_BINARY, "--endpoint-url", shared_moto().endpoint(), "logs"};
    a.insert(a.end(), rest.begin(), rest.end());
    return a;
  }
  aws::SyncCaller call_;
};

TEST_F(LogsCommand, TextMergesGroupsAndSanitises) {
  const std::int64_t t0 = (now_ms() / 1000 - 120) * 1000;  // whole second, 2 minutes ago
  for (const char* g : {"/app/a", "/app/b"}) {
    op("CreateLogGroup", {{"logGroupName", g}});
    op("CreateLogStream", {{"logGroupName", g}, {"logStreamName", "s1"}});
  }
  op("PutLogEvents", {{"logGroupName", "/app/a"}, {"logStreamName", "s1"},
                      {"logEvents", {{{"timestamp", t0}, {"message", "first"}},
                                     {{"timestamp", t0 + 2}, {"message", "evil \x1b]0;x\x07"}}}}});
  op("PutLogEvents", {{"logGroupName", "/app/b"}, {"logStreamName", "s1"},
                      {"logEvents", {{{"timestamp", t0 + 1}, {"message", "second"}}}}});
  auto r = opsdeck::testing::run_command(argv({"/app/a", "/app/b", "--since", "10m"}), {}, env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::string> got;
  for (std::string l; std::getline(lines, l);) got.push_back(l.substr(l.find(' ') + 1));
  EXPECT_EQ(got, (std::vector<std::string>{"/app/a/s1 first", "/app/b/s1 second", "/app/a/s1 evil ␛]0;x␇"}));
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
}

TEST_F(LogsCommand, JsonOutputHasEveryFieldAndMissingGroupExitsFour) {
  const std::int64_t t0 = now_ms() - 5000;
  op("CreateLogGroup", {{"logGroupName", "/app/j"}});
  op("CreateLogStream", {{"logGroupName", "/app/j"}, {"logStreamName", "web"}});
  op("PutLogEvents", {{"logGroupName", "/app/j"}, {"logStreamName", "web"},
                      {"logEvents", {{{"timestamp", t0}, {"message", "{\"level\":\"error\"}"}}}}});
  auto r = opsdeck::testing::run_command(argv({"/app/j", "--output", "json"}), {}, env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["group"], "/app/j");
  EXPECT_EQ(j["stream"], "web");
  EXPECT_EQ(j["timestamp"], t0);
  EXPECT_GT(j["ingestion_time"].get<std::int64_t>(), 0);
  EXPECT_FALSE(j["event_id"].get<std::string>().empty());
  EXPECT_EQ(j["message"], "{\"level\":\"error\"}");

  auto missing = opsdeck::testing::run_command(argv({"/nope"}), {}, env());
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_NE(missing.err.find("ResourceNotFoundException"), std::string::npos) << missing.err;
}

TEST_F(LogsCommand, FollowPrintsNewEventsAndExits130OnInterrupt) {
  op("CreateLogGroup", {{"logGroupName", "/app/f"}});
  op("CreateLogStream", {{"logGroupName", "/app/f"}, {"logStreamName", "s"}});
  opsdeck::testing::TempDir dir;
  const auto out = dir.path() / "out.txt";
  opsdeck::testing::ChildProcess p(argv({"/app/f", "--follow", "--since", "now"}), env(), out.string());
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  op("PutLogEvents", {{"logGroupName", "/app/f"}, {"logStreamName", "s"},
                      {"logEvents", {{{"timestamp", now_ms()}, {"message", "live one"}}}}});
  std::string text;
  // Up to 30 s: the default mode first asks moto for a live tail, which it lacks, then polls.
  for (int i = 0; i < 300 && text.find("live one") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    text = opsdeck::testing::read_file(out);
  }
  EXPECT_NE(text.find("/app/f/s live one"), std::string::npos) << text;
  EXPECT_EQ(p.stop(std::chrono::milliseconds(5000)), 130);
}

}  // namespace
