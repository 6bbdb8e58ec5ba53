// PageTokenGuard on its own, and in every kind of pagination loop that uses it: the
// generic paginate_sync / paginate_async, filter_log_events, and LogTail's read of a group
// (range and follow mode) — an endpoint that repeats a token ends the read with a clear
// error; well-behaved paging, resumed reads and later rounds are unaffected.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <optional>

#include "app/logs/log_tail.hpp"
#include "aws/json_fields.hpp"
#include "aws/logs.hpp"
#include "aws/page_tokens.hpp"
#include "aws/service.hpp"
#include "aws/service_call.hpp"

namespace opsdeck {
namespace {

using aws::PageTokenGuard;

bool mentions(const aws::Error& e, const std::string& text) {
  return e.describe().find(text) != std::string::npos;
}

TEST(PageTokenGuard, DistinctTokensAndTheLastPagePass) {
  PageTokenGuard g("ec2:DescribeInstances");
  EXPECT_TRUE(g.check("a").ok());
  EXPECT_TRUE(g.check("b").ok());
  EXPECT_TRUE(g.check("c").ok());
  EXPECT_TRUE(g.check("").ok());
  EXPECT_EQ(g.pages(), 4);
}

TEST(PageTokenGuard, TheSameTokenTwiceInARowIsAnErrorNamingTheRead) {
  PageTokenGuard g("FilterLogEvents on /app/api");
  ASSERT_TRUE(g.check("tok").ok());
  auto r = g.check("tok");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Parse);
  EXPECT_FALSE(r.error().retryable);
  EXPECT_EQ(r.error().describe(),
            "the endpoint returned the same page token twice (FilterLogEvents on /app/api); stopping instead of "
            "looping — is a proxy or emulator in the way?");
}

TEST(PageTokenGuard, ATokenFromEarlierInTheReadIsAnError) {
  PageTokenGuard g("rds:DescribeDBInstances");
  ASSERT_TRUE(g.check("a").ok());
  ASSERT_TRUE(g.check("b").ok());
  ASSERT_TRUE(g.check("c").ok());
  auto r = g.check("a");  // a cycle a, b, c, a, ...
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "same page token twice (rds:DescribeDBInstances)"));
}

TEST(PageTokenGuard, AResumedReadCountsItsFirstTokenAsSent) {
  PageTokenGuard g("FilterLogEvents on g");
  g.resume_from("kept");
  EXPECT_TRUE(g.echoes_last("kept"));
  EXPECT_FALSE(g.check("kept").ok());

  PageTokenGuard fresh("FilterLogEvents on g");
  fresh.resume_from("");  // nothing kept: a normal first page
  EXPECT_FALSE(fresh.echoes_last(""));
  EXPECT_TRUE(fresh.check("kept").ok());
}

TEST(PageTokenGuard, RestartForgetsTokensButKeepsCountingPages) {
  PageTokenGuard g("FilterLogEvents on g", 5);
  ASSERT_TRUE(g.check("a").ok());
  ASSERT_TRUE(g.check("b").ok());
  g.restart();
  EXPECT_FALSE(g.echoes_last("b"));
  EXPECT_TRUE(g.check("a").ok());  // the window starts over: "a" again is legitimate
  EXPECT_TRUE(g.check("b").ok());
  auto r = g.check("c");  // fifth page, still asking for more
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(g.pages(), 5);
}

TEST(PageTokenGuard, CapsThePagesOfOneReadWithItsOwnMessage) {
  PageTokenGuard g("ec2:DescribeInstances", 3);
  ASSERT_TRUE(g.check("t1").ok());
  ASSERT_TRUE(g.check("t2").ok());
  auto r = g.check("t3");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "still returned a page token after 3 pages (ec2:DescribeInstances)"));
  EXPECT_FALSE(mentions(r.error(), "same page token"));

  PageTokenGuard last_page("ec2:DescribeInstances", 3);
  ASSERT_TRUE(last_page.check("t1").ok());
  ASSERT_TRUE(last_page.check("t2").ok());
  EXPECT_TRUE(last_page.check("").ok());  // exactly max_pages pages is fine

  PageTokenGuard real("x");
  for (int i = 1; i < aws::kMaxPagesPerRead; ++i) ASSERT_TRUE(real.check("t" + std::to_string(i)).ok()) << i;
  EXPECT_FALSE(real.check("one more").ok());
}

// A SyncCaller whose answers come from a list of JSON bodies (the last one repeats).
struct Bodies {
  std::vector<std::string> bodies;
  std::vector<aws::AwsRequest> seen;
  aws::SyncCaller caller() {
    return [this](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
      seen.push_back(r);
      aws::HttpResponse resp;
      resp.status = 200;
      resp.body = bodies[std::min(seen.size(), bodies.size()) - 1];
      return resp;
    };
  }
};

aws::PageParser<std::vector<std::string>> names_parser() {
  return [](const std::string& body, std::vector<std::string>& out) -> aws::Result<std::string> {
    auto j = nlohmann::json::parse(body);
    for (const auto& n : j["Names"]) out.push_back(n.get<std::string>());
    return j.value("NextToken", std::string());
  };
}

void set_token(aws::AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }

aws::AwsRequest list_request() { return aws::json_request(aws::services::ssm, "DescribeParameters", {}); }

TEST(PaginateSync, StopsWithAnErrorWhenTheEndpointRepeatsItsToken) {
  Bodies b{{R"({"Names":["a"],"NextToken":"same"})"}, {}};
  auto r = aws::paginate_sync<std::vector<std::string>>(b.caller(), list_request(), names_parser(), set_token);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "same page token twice (ssm:DescribeParameters)"));
  EXPECT_EQ(b.seen.size(), 2U);
}

TEST(PaginateSync, StopsOnACycleOfTokens) {
  Bodies b{{R"({"Names":["a"],"NextToken":"A"})", R"({"Names":["b"],"NextToken":"B"})",
            R"({"Names":["c"],"NextToken":"A"})"},
           {}};
  auto r = aws::paginate_sync<std::vector<std::string>>(b.caller(), list_request(), names_parser(), set_token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(b.seen.size(), 3U);
}

TEST(PaginateSync, FollowsDistinctTokensToTheEnd) {
  Bodies b{{R"({"Names":["a"],"NextToken":"A"})", R"({"Names":["b"],"NextToken":"B"})", R"({"Names":["c"]})"}, {}};
  auto r = aws::paginate_sync<std::vector<std::string>>(b.caller(), list_request(), names_parser(), set_token);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(b.seen.size(), 3U);
  EXPECT_EQ(b.seen[2].input["NextToken"], "B");
}

TEST(PaginateAsync, StopsWithAnErrorWhenTheEndpointRepeatsItsToken) {
  Bodies b{{R"({"Names":["a"],"NextToken":"same"})"}, {}};
  auto sync = b.caller();
  aws::AsyncCaller async = [sync](const aws::AwsRequest& r, aws::ResponseCallback cb) { cb(sync(r)); };
  int calls = 0;
  std::optional<aws::Error> error;
  aws::paginate_async<std::vector<std::string>>(async, list_request(), names_parser(), set_token,
                                                [&](aws::Result<std::vector<std::string>> r) {
                                                  ++calls;
                                                  if (!r) error = r.error();
                                                });
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(mentions(*error, "same page token twice (ssm:DescribeParameters)"));
  EXPECT_EQ(b.seen.size(), 2U);
}

TEST(FilterLogEvents, StopsWithAnErrorWhenTheEndpointRepeatsItsToken) {
  Bodies b{{R"({"events":[{"message":"one","timestamp":1,"eventId":"1"}],"nextToken":"same"})"}, {}};
  aws::FilterLogEventsInput in;
  in.group = "/app/api";
  auto r = aws::filter_log_events(b.caller(), in);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "same page token twice (FilterLogEvents on /app/api)"));
  EXPECT_EQ(b.seen.size(), 2U);
}

// LogTail's fetcher: pages from a script keyed by the token sent; an entry with `fail`
// set answers with a retryable 503 once.
struct TokenScript : app::LogPageFetcher {
  struct Answer {
    std::vector<std::string> messages;
    std::string next;
    bool fail = false;
  };
  std::deque<Answer> answers;
  std::vector<std::string> sent;
  int next_id = 0;
  aws::Result<app::FilterPage> fetch(const app::FilterRequest& req) override {
    sent.push_back(req.next_token);
    Answer a = answers.size() > 1 ? answers.front() : answers.back();
    if (answers.size() > 1) answers.pop_front();
    if (a.fail) {
      aws::Error e = aws::make_error(aws::ErrorKind::Aws, "unavailable");
      e.code = "ServiceUnavailable";
      e.http_status = 503;
      return e;
    }
    app::FilterPage p;
    for (auto& m : a.messages) {
      p.events.push_back({req.group, "s", 1000 + next_id, 1000, "id" + std::to_string(next_id), m});
      ++next_id;
    }
    p.next_token = a.next;
    return p;
  }
};

struct Collect : app::LogSink {
  void on_events(std::vector<app::LogEvent> events) override {
    for (auto& e : events) messages.push_back(e.message);
  }
  void on_status(const app::SourceStatus& s) override { last = s; }
  std::vector<std::string> messages;
  app::SourceStatus last;
};

TEST(LogTailPages, ARepeatedTokenEndsTheRangeReadAfterDeliveringTheFirstPage) {
  app::ManualTailClock clock(100'000);
  TokenScript f;
  f.answers = {{{"first"}, "same", false}};  // every page: one event and the same token
  Collect sink;
  app::LogTail tail({.groups = {"/app/api"}, .start_ms = 0}, f, clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "same page token twice (FilterLogEvents on /app/api)"));
  EXPECT_EQ(sink.messages, (std::vector<std::string>{"first", "first"}));  // distinct ids
  EXPECT_EQ(f.sent, (std::vector<std::string>{"", "same"}));  // no page after the repeat
  EXPECT_EQ(sink.last.state, app::SourceState::Failed);
}

TEST(LogTailPages, FollowResumesFromAKeptTokenAndLaterRoundsReuseTokens) {
  app::ManualTailClock clock(100'000);
  TokenScript f;
  f.answers = {
      {{"a"}, "A", false},  // round 1: first page
      {{}, "", true},       // round 1: the page for "A" fails (503; one attempt)
      {{"b"}, "", false},   // round 2 resumes from "A"
      {{"c"}, "A", false},  // round 3: a new read may see "A" again
      {{"d"}, "", false},
      {{}, "", false},
  };
  Collect sink;
  app::TailOptions o{.groups = {"g"}, .start_ms = 0, .follow = true, .max_attempts = 1};
  app::LogTail tail(o, f, clock, sink);
  ASSERT_TRUE(tail.run_round());
  EXPECT_FALSE(tail.last_error().has_value() && !app::is_retryable(*tail.last_error()));
  ASSERT_TRUE(tail.run_round());
  EXPECT_FALSE(tail.last_error().has_value());
  ASSERT_TRUE(tail.run_round());
  EXPECT_FALSE(tail.last_error().has_value());
  EXPECT_EQ(f.sent, (std::vector<std::string>{"", "A", "A", "", "A"}));
  EXPECT_EQ(sink.messages, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(sink.last.state, app::SourceState::Following);
}

TEST(LogTailPages, FollowRestartsTheWindowAfterALoopingEndpoint) {
  app::ManualTailClock clock(100'000);
  TokenScript f;
  f.answers = {{{"x"}, "L", false}, {{}, "L", false}, {{"y"}, "", false}, {{}, "", false}};
  Collect sink;
  app::LogTail tail({.groups = {"g"}, .start_ms = 0, .follow = true}, f, clock, sink);
  ASSERT_TRUE(tail.run_round());
  ASSERT_TRUE(tail.last_error().has_value());
  EXPECT_TRUE(mentions(*tail.last_error(), "same page token twice"));
  EXPECT_EQ(sink.last.state, app::SourceState::Failed);
  ASSERT_TRUE(tail.run_round());  // the looping token is not resumed
  EXPECT_FALSE(tail.last_error().has_value());
  EXPECT_EQ(f.sent, (std::vector<std::string>{"", "L", ""}));
  EXPECT_EQ(sink.messages, (std::vector<std::string>{"x", "y"}));
}

TEST(LogTailPages, AnEndpointRejectingEveryTokenRestartsOnlyAFewTimes) {
  app::ManualTailClock clock(100'000);
  struct Rejecting : app::LogPageFetcher {
    int calls = 0;
    aws::Result<app::FilterPage> fetch(const app::FilterRequest& req) override {
      ++calls;
      if (req.next_token.empty()) return app::FilterPage{{}, "t"};
      aws::Error e = aws::make_error(aws::ErrorKind::Aws, "The specified nextToken is invalid.");
      e.code = "InvalidParameterException";
      e.http_status = 400;
      return e;
    }
  } f;
  Collect sink;
  app::LogTail tail({.groups = {"g"}, .start_ms = 0}, f, clock, sink);
  auto r = tail.run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidParameterException");
  EXPECT_EQ(f.calls, 8);  // first page + rejected token, then three restarts of both
}

}  // namespace
}  // namespace opsdeck
