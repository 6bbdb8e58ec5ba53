// LogTail + CloudWatchPageFetcher against moto_server (signature checking on): multi-group
// merge, overlapping windows with late events, and exactly once under injected faults.
// The SyncCaller is the test stand-in (tests/support/json_test_caller) until AwsClient is
// in this build; swapping in aws::sync_caller(client) changes nothing else.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>

#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/log_tail.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "tests/support/json_test_caller.hpp"

using namespace opsdeck;
using opsdeck::testing::shared_moto;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class Logs {
 public:
  Logs() : call_(opsdeck::testing::signed_json_caller(shared_moto())) {}
  void must(const char* op, nlohmann::json in) {
    auto r = call_(aws::json_request(aws::services::logs, op, std::move(in)));
    ASSERT_TRUE(r.ok()) << op << ": " << r.error().describe();
  }
  void stream(const std::string& g, const std::string& s) {
    if (groups_.insert(g).second) must("CreateLogGroup", {{"logGroupName", g}});
    must("CreateLogStream", {{"logGroupName", g}, {"logStreamName", s}});
  }
  void put(const std::string& g, const std::string& s, std::vector<std::pair<std::int64_t, std::string>> events) {
    nlohmann::json ev = nlohmann::json::array();
    for (auto& [ts, m] : events) ev.push_back({{"timestamp", ts}, {"message", m}});
    must("PutLogEvents", {{"logGroupName", g}, {"logStreamName", s}, {"logEvents", ev}});
  }
  aws::SyncCaller& caller() { return call_; }

 private:
  aws::SyncCaller call_;
  std::set<std::string> groups_;
};

struct Sink : app::LogSink {
  std::vector<app::LogEvent> got;
  void on_events(std::vector<app::LogEvent> ev) override {
    for (auto& e : ev) got.push_back(std::move(e));
  }
  void on_status(const app::SourceStatus&) override {}
  std::vector<std::string> messages() const {
    std::vector<std::string> m;
    for (const auto& e : got) m.push_back(e.message);
    return m;
  }
};

class LogTailMoto : public ::testing::Test {
 protected:
  void SetUp() override { shared_moto().reset(); }
};

TEST_F(LogTailMoto, MergesGroupsByTimestampOverARange) {
  Logs logs;
  const std::int64_t t0 = now_ms() - 60'000;
  logs.stream("/app/a", "web-1");
  logs.stream("/app/b", "worker-1");
  logs.put("/app/a", "web-1", {{t0, "a0"}, {t0 + 20, "a20"}, {t0 + 40, "a40"}});
  logs.put("/app/b", "worker-1", {{t0 + 10, "b10"}, {t0 + 30, "b30"}});
  app::CloudWatchPageFetcher fetcher(logs.caller());
  app::ManualTailClock clock(now_ms());
  Sink sink;
  app::LogTail tail({.groups = {"/app/a", "/app/b"}, .start_ms = t0 - 1, .end_ms = now_ms()}, fetcher, clock, sink);
  auto r = tail.run();
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"a0", "b10", "a20", "b30", "a40"}));
  EXPECT_EQ(sink.got[1].group, "/app/b");
  EXPECT_EQ(sink.got[1].stream, "worker-1");
  EXPECT_FALSE(sink.got[1].event_id.empty());
  EXPECT_GT(sink.got[1].ingestion_ms, 0);
}

TEST_F(LogTailMoto, OverlappingWindowsShowLateEventsExactlyOnce) {
  Logs logs;
  logs.stream("/app/api", "i-1");
  const std::int64_t now = now_ms();
  logs.put("/app/api", "i-1", {{now - 5000, "e1"}, {now - 4000, "e2"}});
  app::CloudWatchPageFetcher fetcher(logs.caller());
  app::ManualTailClock clock(now);
  Sink sink;
  app::LogTail tail({.groups = {"/app/api"}, .start_ms = now - 10'000, .follow = true, .overlap_ms = 15'000},
                    fetcher, clock, sink);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"e1", "e2"}));
  // A late event (older than the newest one shown) and a normal one arrive.
  logs.put("/app/api", "i-1", {{now - 4500, "late"}, {now - 100, "e3"}});
  clock.advance(1000);
  ASSERT_TRUE(tail.run_round());
  clock.advance(1000);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"e1", "e2", "late", "e3"}));
  EXPECT_EQ(tail.statuses()[0].late, 1U);
  EXPECT_GE(tail.statuses()[0].duplicates, 4U);  // e1, e2 re-read twice by the overlapping windows
}

TEST_F(LogTailMoto, ExactlyOnceThroughThrottlingServerErrorsAndLostResponses) {
  Logs logs;
  const std::int64_t t0 = now_ms() - 120'000;
  for (int s = 0; s < 3; ++s) {
    const std::string stream = "s" + std::to_string(s);
    logs.stream("/app/busy", stream);
    std::vector<std::pair<std::int64_t, std::string>> ev;
    for (int i = 0; i < 100; ++i) ev.emplace_back(t0 + i * 100 + s, stream + ":" + std::to_string(i));
    logs.put("/app/busy", stream, ev);
  }
  opsdeck::testing::FaultInjectingCaller faulty(
      logs.caller(), {.throttle_every = 3, .server_error_every = 5, .drop_after_serving_every = 4});
  app::CloudWatchPageFetcher fetcher([&](const aws::AwsRequest& r) { return faulty(r); });
  app::ManualTailClock clock(now_ms());
  Sink sink;
  app::LogTail tail({.groups = {"/app/busy"}, .start_ms = t0 - 1, .end_ms = now_ms(), .page_limit = 25}, fetcher,
                    clock, sink);
  auto r = tail.run();
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(sink.got.size(), 300U);
  std::set<std::string> ids;
  std::map<std::string, std::int64_t> last_ts;
  for (const auto& e : sink.got) {
    EXPECT_TRUE(ids.insert(e.event_id).second) << "repeated " << e.message;
    EXPECT_GE(e.timestamp_ms, last_ts[e.stream]) << "out of order in " << e.stream;
    last_ts[e.stream] = e.timestamp_ms;
  }
  EXPECT_GT(faulty.faults(), 3);
  EXPECT_GT(tail.statuses()[0].retries, 3U);
  EXPECT_GT(tail.statuses()[0].requests, 12U);  // 300 events in pages of 25, plus retries
}

// moto 5.2.1 ignores logStreamNamePrefix; the engine enforces it on what comes back too.
TEST_F(LogTailMoto, FilterPatternAndStreamPrefixReachTheService) {
  Logs logs;
  const std::int64_t t0 = now_ms() - 30'000;
  logs.stream("/app/mixed", "web-1");
  logs.stream("/app/mixed", "db-1");
  logs.put("/app/mixed", "web-1", {{t0, "GET / 200"}, {t0 + 1, "ERROR upstream timeout"}});
  logs.put("/app/mixed", "db-1", {{t0 + 2, "ERROR deadlock"}});
  app::CloudWatchPageFetcher fetcher(logs.caller());
  app::ManualTailClock clock(now_ms());
  Sink sink;
  app::LogTail tail({.groups = {"/app/mixed"}, .stream_prefix = "web-", .filter_pattern = "ERROR",
                     .start_ms = t0 - 1, .end_ms = now_ms()},
                    fetcher, clock, sink);
  ASSERT_TRUE(tail.run().ok());
  EXPECT_EQ(sink.messages(), (std::vector<std::string>{"ERROR upstream timeout"}));
}

TEST_F(LogTailMoto, MissingGroupIsAnErrorNotAHang) {
  Logs logs;
  app::CloudWatchPageFetcher fetcher(logs.caller());
  app::ManualTailClock clock(now_ms());
  Sink sink;
  app::LogTail tail({.groups = {"/does/not/exist"}, .start_ms = now_ms() - 1000}, fetcher, clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_TRUE(sink.got.empty());
}

}  // namespace

// Escape-injection corpus through the real service path and the text output: nothing that
// could drive a terminal survives; every event still arrives.
#include "app/logs/log_output.hpp"

namespace {

TEST_F(LogTailMoto, EscapeInjectionCorpusNeverReachesTheTerminal) {
  Logs logs;
  logs.stream("/app/hostile", "x");
  const std::vector<std::string> corpus = {
      "clear \x1b[2J\x1b[H", "title \x1b]0;pwned\x07", "clipboard \x1b]52;c;cm0gLXJmIH4=\x1b\\",
      "dcs \x1bP1$r0m\x1b\\", "c1 csi \xc2\x9b" "31m", "bell \x07\x07", "backspace abc\x08\x08\x08xyz",
      "carriage fake\rreal", "bidi \u202e evil \u202c", "nul \x01\x02\x7f", std::string(200'000, 'L') + "\x1b[31m"};
  const std::int64_t t0 = now_ms() - 10'000;
  std::vector<std::pair<std::int64_t, std::string>> ev;
  for (std::size_t i = 0; i < corpus.size(); ++i) ev.emplace_back(t0 + static_cast<std::int64_t>(i), corpus[i]);
  logs.put("/app/hostile", "x", ev);
  app::CloudWatchPageFetcher fetcher(logs.caller());
  app::ManualTailClock clock(now_ms());
  Sink sink;
  app::LogTail tail({.groups = {"/app/hostile"}, .start_ms = t0 - 1, .end_ms = now_ms()}, fetcher, clock, sink);
  ASSERT_TRUE(tail.run().ok());
  ASSERT_EQ(sink.got.size(), corpus.size());
  std::string text;
  for (const auto& e : sink.got) app::format_log_event(e, app::LogOutputFormat::Text, text);
  std::size_t lines = 0;
  for (unsigned char c : text) {
    if (c == '\n') ++lines;
    EXPECT_FALSE(c < 0x20 && c != '\n') << "control byte " << int(c);
    EXPECT_NE(c, 0x7f);
  }
  EXPECT_EQ(lines, corpus.size());
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(text.find("\u202e"), std::string::npos);
  EXPECT_NE(text.find("␛]52;c;"), std::string::npos);  // visible, not interpreted
}

}  // namespace
