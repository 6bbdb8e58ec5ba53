// The console's log pipeline without a terminal: LogTail (the one retry layer and the one
// dedupe) feeding LiveLogs (the one store, which is also the Logs pane's source) and a
// LogScreen over the same store. Fetchers are scripted; the retry count is also checked
// through the real AwsClient against a loopback server that always answers 503.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/console/log_screen.hpp"
#include "app/console/sources/live_logs.hpp"
#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/log_tail.hpp"
#include "app/logs/polling_log_source.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::app {
namespace {

constexpr std::int64_t kT0 = 1'795'000'000'000;  // 2026-11-18

LogEvent event(const std::string& id, std::int64_t ts, const std::string& msg, const std::string& stream = "web") {
  return {"/app/api", stream, ts, ts, id, msg};
}

// Answers every request with `events` (what overlapping windows do: the same events come
// back round after round), or with `error` when set. Thread-safe.
class RepeatingFetcher : public LogPageFetcher {
 public:
  aws::Result<FilterPage> fetch(const FilterRequest& req) override {
    std::lock_guard lock(mu_);
    ++requests_;
    seen_.push_back(req);
    cv_.notify_all();
    if (error) return *error;
    return FilterPage{events, ""};
  }
  int requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  bool wait_for_requests(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return requests_ >= n; });
  }
  std::vector<FilterRequest> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  std::vector<LogEvent> events;
  std::optional<aws::Error> error;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int requests_ = 0;
  std::vector<FilterRequest> seen_;
};

// Feeds LiveLogs directly (the console posts the batch to the UI thread; here the test
// thread is both).
struct StoreSink : LogSink {
  explicit StoreSink(LiveLogs& l) : logs(l) {}
  void on_events(std::vector<LogEvent> events) override { logs.add(events); }
  void on_status(const SourceStatus& s) override { statuses.push_back(s); }
  LiveLogs& logs;
  std::vector<SourceStatus> statuses;
};

// Collects on the worker thread; the test thread reads after stop().
struct LockedSink : LogSink {
  void on_events(std::vector<LogEvent> events) override {
    std::lock_guard lock(mu);
    for (auto& e : events) got.push_back(std::move(e));
  }
  void on_status(const SourceStatus&) override {}
  std::mutex mu;
  std::vector<LogEvent> got;
};

aws::Error service_unavailable() {
  aws::Error e = aws::make_error(aws::ErrorKind::Aws, "ServiceUnavailable injected");
  e.code = "ServiceUnavailable";
  e.http_status = 503;
  return e;
}

std::shared_ptr<const LogBuffer> store_of(const std::shared_ptr<LiveLogs>& logs) {
  return {logs, &logs->store()};
}

std::string pane_messages(const LiveLogs& logs) {
  std::string s;
  for (std::size_t r = 0; r < logs.row_count(); ++r) s += logs.cell(r, 3).text + ";";
  return s;
}

// --- one dedupe, one store ---------------------------------------------------------------

TEST(LiveLogs, AnEventFetchedInTwoRoundsShowsOnceInThePaneAndOnceInTheView) {
  ManualTailClock clock(kT0 + 60'000);
  RepeatingFetcher f;
  f.events = {event("e1", kT0 + 1, "first")};
  auto logs = std::make_shared<LiveLogs>();
  StoreSink sink(*logs);
  LogTail tail({.groups = {"/app/api"}, .start_ms = kT0, .follow = true}, f, clock, sink);
  LogScreen screen(store_of(logs));
  ASSERT_TRUE(tail.run_round());
  screen.refresh();
  f.events.push_back(event("e2", kT0 + 2, "second"));  // round 2 returns e1 again, and e2
  ASSERT_TRUE(tail.run_round());
  screen.refresh();
  EXPECT_EQ(f.requests(), 2);
  EXPECT_EQ(pane_messages(*logs), "first;second;");
  EXPECT_EQ(screen.buffer().size(), 2U);
  EXPECT_EQ(screen.view().visible_count(), 2U);
  EXPECT_EQ(tail.statuses()[0].duplicates, 1U);  // dropped once, by LogTail
  // The view reads the very store the pane's rows came from.
  EXPECT_EQ(&screen.buffer(), &logs->store());
}

TEST(LiveLogs, APausedFollowResumesWithoutDeliveringAnythingTwice) {
  RepeatingFetcher f;
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  f.events = {event("e1", now - 1000, "only once")};
  LockedSink sink;
  PollingLogSource source({.groups = {"/app/api"},
                           .start_ms = now - 60'000,
                           .follow = true,
                           .min_interval_ms = 5,
                           .max_interval_ms = 10,
                           .requests_per_second = 1000,
                           .burst = 1000},
                          f);
  source.start(sink);
  ASSERT_TRUE(f.wait_for_requests(3));
  source.stop();  // the pane is hidden
  const int before = f.requests();
  source.start(sink);  // and shown again: the same tail, its id set intact
  ASSERT_TRUE(f.wait_for_requests(before + 3));
  source.stop();
  std::lock_guard lock(sink.mu);
  ASSERT_EQ(sink.got.size(), 1U);
  EXPECT_EQ(sink.got[0].message, "only once");
  // The resumed rounds continued the window instead of starting over.
  EXPECT_GE(f.seen().back().start_ms, f.seen().front().start_ms);
}

TEST(LiveLogs, TheViewOpensOnEveryHeldEventNotOnlyThePaneRows) {
  auto logs = std::make_shared<LiveLogs>();
  std::vector<LogEvent> batch;
  for (int i = 0; i < 5000; ++i) batch.push_back(event("id" + std::to_string(i), kT0 + i, "line " + std::to_string(i)));
  logs->add(batch);
  EXPECT_EQ(logs->row_count(), kLogPaneRows);  // the pane shows the newest lines
  EXPECT_EQ(logs->cell(kLogPaneRows - 1, 3).text, "line 4999");
  LogScreen screen(store_of(logs));  // what `L` opens
  screen.set_group("/app/api");
  EXPECT_EQ(screen.buffer().size(), 5000U);
  EXPECT_EQ(screen.view().visible_count(), 5000U);
  ui::CellGrid grid;
  grid.resize(100, 20);
  screen.draw(grid, {0, 0, 100, 20}, kT0 + 10'000);
  EXPECT_NE(grid.row_text(0).find("(5000 lines)"), std::string::npos) << grid.row_text(0);
  // The oldest held line is reachable in the view.
  EXPECT_TRUE(screen.view().handle_key(ui::KeyEvent::character('g')));
  screen.draw(grid, {0, 0, 100, 20}, kT0 + 10'000);
  std::string text;
  for (int y = 0; y < grid.height(); ++y) text += grid.row_text(y) + "\n";
  EXPECT_NE(text.find("line 0"), std::string::npos) << text;
}

TEST(LiveLogs, PaneRowsAreAppendedPerBatchNotRebuilt) {
  LiveLogs logs(LogBufferLimits{}, 4);
  logs.add({event("a", kT0, "a"), event("b", kT0 + 1, "b"), event("c", kT0 + 2, "c")});
  EXPECT_EQ(logs.rows_built(), 3U);
  const ui::TableCell* first = &logs.cell(0, 3);
  const std::string key = logs.row_key(0);
  const auto v1 = logs.version();
  logs.add({event("d", kT0 + 3, "d")});
  EXPECT_EQ(logs.rows_built(), 4U);  // one new row, the old three untouched
  EXPECT_EQ(&logs.cell(0, 3), first);
  EXPECT_EQ(logs.row_key(0), key);
  EXPECT_NE(logs.version(), v1);
  logs.add({event("e", kT0 + 4, "e"), event("f", kT0 + 5, "f")});
  EXPECT_EQ(logs.rows_built(), 6U);
  EXPECT_EQ(pane_messages(logs), "c;d;e;f;");  // capped at 4: the oldest rows dropped
  EXPECT_EQ(logs.store().size(), 6U);          // the store keeps them
  logs.clear();
  EXPECT_EQ(logs.row_count(), 0U);
  EXPECT_TRUE(logs.store().empty());
}

TEST(LiveLogs, RowsAreSanitisedColouredByLogFieldsAndHaveADocument) {
  LiveLogs logs;
  logs.add({event("e1", 0, "ERROR boom\x1b[31m\n"), event("e2", 1000, R"({"level":"warn","msg":"slow"})"),
            event("e3", 2000, "10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 503 12"),
            event("e4", 3000, "request done: 0 errors, no warnings"), event("e5", 4000, "DEBUG cache hit")});
  ASSERT_EQ(logs.row_count(), 5U);
  EXPECT_EQ(logs.cell(0, 0).text, "00:00:00");
  EXPECT_EQ(logs.cell(0, 1).text, "ERROR");
  EXPECT_EQ(logs.cell(0, 2).text, "web");
  EXPECT_EQ(logs.cell(0, 3).role, ui::Role::LogError);
  EXPECT_EQ(logs.cell(0, 3).text.find('\x1b'), std::string::npos);
  EXPECT_EQ(logs.cell(1, 3).role, ui::Role::LogWarn);   // a JSON level field
  EXPECT_EQ(logs.cell(2, 3).role, ui::Role::LogError);  // an access line with HTTP 503
  EXPECT_EQ(logs.cell(3, 3).role, ui::Role::Default);   // "errors" in prose is not a level
  EXPECT_EQ(logs.cell(4, 3).role, ui::Role::LogDebug);
  auto doc = logs.document(logs.row_key(0));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["group"], "/app/api");
  EXPECT_EQ((*doc)["stream"], "web");
  EXPECT_EQ((*doc)["eventId"], "e1");
  EXPECT_EQ((*doc)["timestamp"], 0);
  EXPECT_EQ((*doc)["message"].get<std::string>().find('\x1b'), std::string::npos);
  EXPECT_FALSE(logs.document("no-such-row").has_value());
}

TEST(LiveLogs, AJsonLineShowsItsLevelAndMessageAndItsDocumentKeepsTheLineAndItsFields) {
  LiveLogs logs;
  const std::string line = R"({"level":50,"time":1,"pid":3,"msg":"charge failed","res":{"statusCode":502},"err":"\u001b[2Jx"})";
  logs.add({event("e1", 0, line)});
  EXPECT_EQ(logs.cell(0, 1).text, "ERROR");
  EXPECT_EQ(logs.cell(0, 1).role, ui::Role::LogError);
  const std::string shown = logs.cell(0, 3).text;
  EXPECT_EQ(shown.rfind("charge failed  err=", 0), 0U) << shown;
  EXPECT_NE(shown.find(" res.statusCode=502"), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\x1b'), std::string::npos);  // an escape inside a field is made visible
  auto doc = logs.document(logs.row_key(0));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["message"].get<std::string>().rfind(R"({"level":50)", 0), 0U) << *doc;  // the raw line, `d` away
  EXPECT_EQ((*doc)["fields"]["res"]["statusCode"], 502);
  // A plain line has no fields document.
  logs.add({event("e2", 1, "plain")});
  EXPECT_FALSE(logs.document(logs.row_key(1))->contains("fields"));
}

// --- one retry layer ---------------------------------------------------------------------

TEST(LogRetries, AFailingPageCostsExactlyMaxAttemptsFetches) {
  ManualTailClock clock(kT0);
  RepeatingFetcher f;
  f.error = service_unavailable();
  auto logs = std::make_shared<LiveLogs>();
  StoreSink sink(*logs);
  LogTail range({.groups = {"/app/api"}, .start_ms = kT0 - 60'000, .end_ms = kT0}, f, clock, sink);
  auto r = range.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(f.requests(), TailOptions{}.max_attempts);  // 8: one layer, not 8 rounds x 3
  EXPECT_NE(r.error().message.find("after 8 attempts"), std::string::npos) << r.error().message;
}

TEST(LogRetries, AFollowerRetriesAFailedRoundOnItsNextPollWithBackoffAndReportsIt) {
  ManualTailClock clock(kT0);
  RepeatingFetcher f;
  f.error = service_unavailable();
  auto logs = std::make_shared<LiveLogs>();
  StoreSink sink(*logs);
  LogTail tail({.groups = {"/app/api"},
                .start_ms = kT0,
                .follow = true,
                .min_interval_ms = 10,
                .max_interval_ms = 10,
                .max_attempts = 3},
               f, clock, sink);
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(f.requests(), 3);
  ASSERT_TRUE(tail.last_error().has_value());
  EXPECT_EQ(tail.statuses()[0].state, SourceState::Backoff);  // the status line says so
  ASSERT_FALSE(sink.statuses.empty());
  EXPECT_NE(sink.statuses.back().message.find("ServiceUnavailable"), std::string::npos);
  EXPECT_GE(tail.next_wait_ms(), 100);  // backoff after one failed round (100-200 ms), not 10 ms
  ASSERT_TRUE(tail.run_round());
  EXPECT_EQ(f.requests(), 6);
  EXPECT_GE(tail.next_wait_ms(), 200);  // and growing (200-400 ms) while the rounds keep failing
  // The endpoint recovers: the same follower carries on, the wait is the interval again.
  f.error.reset();
  f.events = {event("e1", kT0 + 1, "back")};
  ASSERT_TRUE(tail.run_round());
  EXPECT_FALSE(tail.last_error().has_value());
  EXPECT_EQ(tail.statuses()[0].state, SourceState::Following);
  EXPECT_EQ(tail.next_wait_ms(), tail.current_interval_ms());
  EXPECT_EQ(pane_messages(*logs), "back;");
}

TEST(LogRetries, ThroughTheRealClientAFailingPageIsSentMaxAttemptsTimesNotTimesThree) {
  testing::LoopbackHttpServer server([](const testing::CapturedRequest&) {
    return testing::LoopbackHttpServer::response(
        503, R"({"__type":"ServiceUnavailableException","message":"down"})", {}, "application/x-amz-json-1.1");
  });
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = server.url();
  o.max_attempts = 3;  // the client would retry other calls three times
  o.jitter = [] { return 0.0; };
  aws::AwsClient client(o, std::make_shared<aws::StaticCredentialsProvider>(
                               aws::Credentials{"AKIDTEST", "secret", "", {}, "test"}));
  CloudWatchPageFetcher fetcher(aws::sync_caller(client), o.request_timeout);
  ManualTailClock clock(kT0);
  auto logs = std::make_shared<LiveLogs>();
  StoreSink sink(*logs);
  LogTail tail({.groups = {"/app/api"}, .start_ms = kT0 - 60'000, .end_ms = kT0}, fetcher, clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(server.request_count(), 8);  // was 24 with a LogTail and a client both retrying
  EXPECT_EQ(r.error().http_status, 503);
}

TEST(LogRetries, APageDeadlineCutsAttemptTimeoutsAndEndsAStalledRead) {
  ManualTailClock clock(kT0);
  // Every attempt times out: the fake spends the attempt's timeout (at most the client's
  // 30 s) on the manual clock.
  struct Stalled : LogPageFetcher {
    ManualTailClock& clock;
    std::vector<std::int64_t> timeouts;
    explicit Stalled(ManualTailClock& c) : clock(c) {}
    aws::Result<FilterPage> fetch(const FilterRequest& req) override {
      timeouts.push_back(req.timeout_ms);
      clock.advance(req.timeout_ms > 0 ? std::min<std::int64_t>(req.timeout_ms, 30'000) : 30'000);
      aws::Error e = aws::make_error(aws::ErrorKind::Timeout, "no complete answer within the timeout");
      e.retryable = true;
      return e;
    }
  } f(clock);
  auto logs = std::make_shared<LiveLogs>();
  StoreSink sink(*logs);
  LogTail tail({.groups = {"/app/api"}, .start_ms = kT0 - 3'600'000, .end_ms = kT0, .page_deadline_ms = 45'000}, f,
               clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Timeout);
  EXPECT_NE(r.error().message.find("gave up on the page after 2 attempts in 45 s"), std::string::npos)
      << r.error().message;
  ASSERT_EQ(f.timeouts.size(), 2U);
  EXPECT_EQ(f.timeouts[0], 45'000);
  EXPECT_LT(f.timeouts[1], 15'000);  // what was left
  EXPECT_LE(clock.now_ms() - kT0, 45'000);
}

TEST(LogRetries, TheFetcherSendsOneAttemptAndNeverRaisesTheClientTimeout) {
  std::vector<aws::AwsRequest> sent;
  CloudWatchPageFetcher fetcher(
      [&](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
        sent.push_back(r);
        aws::HttpResponse resp;
        resp.status = 200;
        resp.body = R"({"events":[]})";
        return resp;
      },
      std::chrono::milliseconds(30'000));
  FilterRequest req{.group = "/app/api"};
  ASSERT_TRUE(fetcher.fetch(req).ok());
  req.timeout_ms = 45'000;
  ASSERT_TRUE(fetcher.fetch(req).ok());
  req.timeout_ms = 12'000;
  ASSERT_TRUE(fetcher.fetch(req).ok());
  ASSERT_EQ(sent.size(), 3U);
  for (const auto& r : sent) EXPECT_EQ(r.max_attempts, 1);
  EXPECT_EQ(sent[0].timeout.count(), 0);  // the client's own
  EXPECT_EQ(sent[1].timeout.count(), 30'000);
  EXPECT_EQ(sent[2].timeout.count(), 12'000);
}

}  // namespace
}  // namespace opsdeck::app
