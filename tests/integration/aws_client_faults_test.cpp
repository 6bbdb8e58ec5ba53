// AwsClient against a loopback server that misbehaves on purpose: 5xx and throttling,
// malformed and truncated bodies, an oversized body, HTML with 200, an endpoint that is
// down, ExpiredToken, cancellation, pagination, and the read-only gate.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "aws/aws_client.hpp"
#include "aws/credential_provider.hpp"
#include "aws/mutating_operations.hpp"
#include "aws/logs.hpp"
#include "aws/rds.hpp"
#include "aws/service_call.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

using namespace opsdeck;
using opsdeck::testing::CapturedRequest;
using opsdeck::testing::LoopbackHttpServer;
using namespace std::chrono_literals;

namespace {

class CountingCredentials : public aws::CredentialsProvider {
 public:
  aws::Result<aws::Credentials> get() override {
    int n = ++gets;
    return aws::Credentials{"AKIDTEST" + std::to_string(n), "secret", "", {}, "test"};
  }
  void invalidate() override { ++invalidations; }
  std::string name() const override { return "test"; }
  std::atomic<int> gets{0};
  std::atomic<int> invalidations{0};
};

struct Fixture {
  explicit Fixture(LoopbackHttpServer::Handler h, int attempts = 3, std::size_t cap = 64u << 20)
      : server(std::move(h)), creds(std::make_shared<CountingCredentials>()) {
    aws::ClientOptions o;
    o.region = "us-east-1";
    o.endpoint_url = server.url();
    o.max_attempts = attempts;
    o.max_response_bytes = cap;
    o.jitter = [] { return 0.01; };  // short, deterministic backoff
    client = std::make_unique<aws::AwsClient>(o, creds);
  }
  LoopbackHttpServer server;
  std::shared_ptr<CountingCredentials> creds;
  std::unique_ptr<aws::AwsClient> client;
};

aws::AwsRequest request(const aws::ServiceInfo& s, std::string op) {
  aws::AwsRequest r;
  r.service = &s;
  r.operation = std::move(op);
  return r;
}

const std::string kOkXml =
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r1</requestId>"
    "<reservationSet/></DescribeInstancesResponse>";

}  // namespace

TEST(AwsClientFaults, ThrottlingAnd5xxAreRetriedThenSucceed) {
  std::atomic<int> n{0};
  Fixture f([&](const CapturedRequest&) {
    int i = ++n;
    if (i == 1)
      return LoopbackHttpServer::response(503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                                               "<Message>slow down</Message></Error></Errors></Response>");
    if (i == 2) return LoopbackHttpServer::response(502, "<html>bad gateway</html>", {}, "text/html");
    return LoopbackHttpServer::response(200, kOkXml);
  });
  auto r = f.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(f.server.request_count(), 3);
  // Each attempt is signed afresh.
  auto reqs = f.server.requests();
  ASSERT_EQ(reqs.size(), 3u);
  for (const auto& q : reqs) ASSERT_NE(q.header("authorization"), nullptr);
}

TEST(AwsClientFaults, RetryBudgetIsThreeAttemptsThenTheLastErrorWithCount) {
  Fixture f([](const CapturedRequest&) {
    return LoopbackHttpServer::response(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})",
                                        {{"x-amzn-RequestId", "rid-9"}}, "application/x-amz-json-1.1");
  });
  auto r = f.client->call_sync(request(aws::services::logs, "DescribeLogGroups"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(f.server.request_count(), 3);
  EXPECT_EQ(r.error().code, "ThrottlingException");
  EXPECT_EQ(r.error().request_id, "rid-9");
  EXPECT_TRUE(r.error().retryable);
  EXPECT_NE(r.error().message.find("after 3 attempts"), std::string::npos) << r.error().message;
}

TEST(AwsClientFaults, NonRetryableErrorsAreNotRetried) {
  Fixture f([](const CapturedRequest&) {
    return LoopbackHttpServer::response(400, "<ErrorResponse><Error><Code>ValidationError</Code>"
                                             "<Message>bad</Message></Error></ErrorResponse>");
  });
  auto r = f.client->call_sync(request(aws::services::rds, "DescribeDBInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ValidationError");
  EXPECT_EQ(f.server.request_count(), 1);
}

TEST(AwsClientFaults, EndpointDownFailsWithinTheBudgetNamingTheEndpoint) {
  int port = opsdeck::testing::free_loopback_port();
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = "http://127.0.0.1:" + std::to_string(port);
  o.jitter = [] { return 0.5; };
  aws::AwsClient c(o, std::make_shared<CountingCredentials>());
  auto t0 = std::chrono::steady_clock::now();
  auto r = c.call_sync(request(aws::services::ec2, "DescribeInstances"));
  auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Network);
  EXPECT_NE(r.error().describe().find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_NE(r.error().message.find("after 3 attempts"), std::string::npos);
  EXPECT_LT(took, 30s);  // a hang guard, not a speed assertion
}

TEST(AwsClientFaults, MalformedXmlAndJsonAreParseErrors) {
  Fixture x([](const CapturedRequest&) {
    return LoopbackHttpServer::response(200, "<DescribeInstancesResponse><reservationSet><item>");
  });
  auto rx = x.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(rx.ok());
  EXPECT_EQ(rx.error().kind, aws::ErrorKind::Parse);
  EXPECT_NE(rx.error().message.find("malformed XML"), std::string::npos);
  Fixture j([](const CapturedRequest&) {
    return LoopbackHttpServer::response(200, R"({"logGroups": [ {"logGroupName": )", {}, "application/json");
  });
  auto rj = j.client->call_sync(request(aws::services::logs, "DescribeLogGroups"));
  ASSERT_FALSE(rj.ok());
  EXPECT_EQ(rj.error().kind, aws::ErrorKind::Parse);
}

TEST(AwsClientFaults, HtmlWithStatus200IsAClearError) {
  Fixture f([](const CapturedRequest&) {
    return LoopbackHttpServer::response(200, "<!DOCTYPE html><html><body>Please log in</body></html>", {},
                                        "text/html");
  });
  auto r = f.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Parse);
  EXPECT_NE(r.error().message.find("HTML"), std::string::npos);
  EXPECT_EQ(f.server.request_count(), 1);
}

TEST(AwsClientFaults, TruncatedBodyIsAnErrorNotAShortDocument) {
  Fixture f(
      [](const CapturedRequest&) {
        return std::string("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n"
                           "Connection: close\r\n\r\n<DescribeInstancesResponse>");
      },
      1);
  auto r = f.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Network);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
}

TEST(AwsClientFaults, EnormousBodyIsRefusedAtTheCap) {
  Fixture f([](const CapturedRequest&) { return LoopbackHttpServer::response(200, std::string(3u << 20, 'x')); },
            1, 1u << 20);
  auto r = f.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Parse);
  EXPECT_NE(r.error().message.find("limit"), std::string::npos) << r.error().message;
}

TEST(AwsClientFaults, ExpiredTokenRefreshesCredentialsOnceAndRetries) {
  std::atomic<int> n{0};
  Fixture f([&](const CapturedRequest&) {
    if (++n == 1)
      return LoopbackHttpServer::response(400, "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>"
                                               "The security token included in the request is expired"
                                               "</Message></Error></ErrorResponse>");
    return LoopbackHttpServer::response(200, "<GetCallerIdentityResponse/>");
  });
  auto r = f.client->call_sync(request(aws::services::sts, "GetCallerIdentity"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(f.creds->invalidations, 1);
  EXPECT_EQ(f.creds->gets, 2);
  auto reqs = f.server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[1].header("authorization")->find("AKIDTEST2/"), std::string::npos);

  Fixture always([](const CapturedRequest&) {
    return LoopbackHttpServer::response(400, R"({"__type":"ExpiredTokenException","message":"expired"})", {},
                                        "application/x-amz-json-1.1");
  });
  auto e = always.client->call_sync(request(aws::services::ssm, "DescribeParameters"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, aws::ErrorKind::Credentials);
  EXPECT_EQ(always.server.request_count(), 2);  // refreshed once, then reported
}

TEST(AwsClientFaults, CancelDeliversCancelledPromptly) {
  std::promise<void> release;
  auto released = release.get_future().share();
  Fixture f([released](const CapturedRequest&) {
    released.wait_for(10s);
    return LoopbackHttpServer::response(200, kOkXml);
  });
  std::promise<aws::Result<aws::HttpResponse>> p;
  auto id = f.client->call(request(aws::services::ec2, "DescribeInstances"),
                           [&](aws::Result<aws::HttpResponse> r) { p.set_value(std::move(r)); });
  while (f.server.request_count() == 0) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(f.client->in_flight(), 1);
  f.client->cancel(id);
  auto fut = p.get_future();
  ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
  auto r = fut.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Cancelled);
  release.set_value();
}

TEST(AwsClientFaults, PaginationFollowsTokensUntilTheyEnd) {
  std::atomic<int> n{0};
  Fixture f([&](const CapturedRequest&) {
    int i = ++n;
    nlohmann::json page = {{"logGroups", nlohmann::json::array({{{"logGroupName", "g" + std::to_string(i)}}})}};
    if (i < 3) page["nextToken"] = "tok" + std::to_string(i);
    return LoopbackHttpServer::response(200, page.dump(), {}, "application/x-amz-json-1.1");
  });
  auto groups = aws::describe_log_groups(aws::sync_caller(*f.client));
  ASSERT_TRUE(groups.ok()) << groups.error().describe();
  std::vector<std::string> names;
  for (const auto& g : *groups) names.push_back(g.name);
  EXPECT_EQ(names, (std::vector<std::string>{"g1", "g2", "g3"}));
  auto reqs = f.server.requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(reqs[2].body).value("nextToken", ""), "tok2");
}

TEST(AwsClientFaults, QueryPaginationUsesMarker) {
  std::atomic<int> n{0};
  Fixture f([&](const CapturedRequest&) {
    int i = ++n;
    std::string marker = i < 2 ? "<Marker>m" + std::to_string(i) + "</Marker>" : "";
    return LoopbackHttpServer::response(200, "<DescribeDBInstancesResponse><DescribeDBInstancesResult>" + marker +
                                                 "<DBInstances/></DescribeDBInstancesResult>"
                                                 "</DescribeDBInstancesResponse>");
  });
  auto instances = aws::describe_db_instances(aws::sync_caller(*f.client));
  ASSERT_TRUE(instances.ok()) << instances.error().describe();
  EXPECT_TRUE(instances->empty());
  auto reqs = f.server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[1].body.find("Marker=m1"), std::string::npos);
}

TEST(AwsClientFaults, ReadOnlyRefusesEveryMutatingOperationWithNothingSent) {
  LoopbackHttpServer server([](const CapturedRequest&) { return LoopbackHttpServer::response(200, "<ok/>"); });
  auto creds = std::make_shared<CountingCredentials>();
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = server.url();
  o.readonly = true;
  aws::AwsClient c(o, creds);
  int refused = 0;
  for (const auto& m : aws::mutating_operations()) {
    auto r = c.call_sync(request(*m.service, std::string(m.operation)));
    ASSERT_FALSE(r.ok()) << m.operation;
    EXPECT_EQ(r.error().kind, aws::ErrorKind::ReadOnly) << m.operation;
    EXPECT_NE(r.error().message.find("read-only mode"), std::string::npos);
    EXPECT_NE(r.error().message.find(std::string(m.operation)), std::string::npos);
    ++refused;
  }
  EXPECT_EQ(refused, static_cast<int>(aws::mutating_operations().size()));
  EXPECT_EQ(server.request_count(), 0);
  EXPECT_EQ(creds->gets, 0);  // not even signed
  // Reads still go through in read-only mode.
  auto ok = c.call_sync(request(aws::services::sts, "GetCallerIdentity"));
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(server.request_count(), 1);
}

TEST(AwsClientFaults, RequestTimeoutIsConfigurableAndATimeoutError) {
  LoopbackHttpServer slow([](const CapturedRequest&) {
    std::this_thread::sleep_for(1500ms);
    return LoopbackHttpServer::response(200, kOkXml);
  });
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = slow.url();
  o.request_timeout = 300ms;
  o.max_attempts = 2;
  o.jitter = [] { return 0.0; };
  aws::AwsClient c(o, std::make_shared<CountingCredentials>());
  auto r = c.call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Timeout);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_NE(r.error().message.find("after 2 attempts"), std::string::npos) << r.error().message;
}

TEST(AwsClientFaults, CallbacksRunOnTheIoThreadNotTheCaller) {
  Fixture f([](const CapturedRequest&) { return LoopbackHttpServer::response(200, kOkXml); });
  std::promise<std::thread::id> p;
  f.client->call(request(aws::services::ec2, "DescribeInstances"),
                 [&](aws::Result<aws::HttpResponse>) { p.set_value(std::this_thread::get_id()); });
  auto fut = p.get_future();
  ASSERT_EQ(fut.wait_for(10s), std::future_status::ready);
  EXPECT_NE(fut.get(), std::this_thread::get_id());
  // call_sync from inside a callback (the IO thread) is refused instead of deadlocking.
  std::promise<aws::Result<aws::HttpResponse>> nested;
  f.client->call(request(aws::services::ec2, "DescribeInstances"), [&](aws::Result<aws::HttpResponse>) {
    nested.set_value(f.client->call_sync(request(aws::services::ec2, "DescribeInstances")));
  });
  auto n = nested.get_future();
  ASSERT_EQ(n.wait_for(10s), std::future_status::ready);
  auto nr = n.get();
  ASSERT_FALSE(nr.ok());
  EXPECT_EQ(nr.error().kind, aws::ErrorKind::Internal);
}

TEST(AwsClientFaults, DestructorCancelsOutstandingCalls) {
  std::promise<void> release;
  auto released = release.get_future().share();
  LoopbackHttpServer hang([released](const CapturedRequest&) {
    released.wait_for(10s);
    return std::string();
  });
  std::atomic<int> cancelled{0};
  {
    aws::ClientOptions o;
    o.region = "us-east-1";
    o.endpoint_url = hang.url();
    aws::AwsClient c(o, std::make_shared<CountingCredentials>());
    for (int i = 0; i < 3; ++i)
      c.call(request(aws::services::ec2, "DescribeInstances"), [&](aws::Result<aws::HttpResponse> r) {
        if (!r.ok() && r.error().kind == aws::ErrorKind::Cancelled) ++cancelled;
      });
    while (hang.request_count() == 0) std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(cancelled, 3);
  release.set_value();
}

TEST(AwsClientFaults, OptionalProbeMakesOneAttemptWithItsOwnTimeout) {
  Fixture f([](const CapturedRequest&) {
    return LoopbackHttpServer::response(500, "<html>Internal Server Error</html>", {}, "text/html");
  });
  auto probe = aws::optional_probe(request(aws::services::lightsail, "GetInstances"));
  EXPECT_EQ(probe.max_attempts, 1);
  EXPECT_EQ(probe.timeout, aws::kOptionalProbeTimeout);
  auto r = f.client->call_sync(probe);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 500);
  EXPECT_EQ(f.server.request_count(), 1);  // not retried
  auto full = f.client->call_sync(request(aws::services::lightsail, "GetInstances"));
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(f.server.request_count(), 4);  // the ordinary call used the client's 3 attempts

  // The per-request timeout overrides the client's 30 s.
  LoopbackHttpServer slow([](const CapturedRequest&) {
    std::this_thread::sleep_for(1500ms);
    return LoopbackHttpServer::response(200, kOkXml);
  });
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = slow.url();
  aws::AwsClient c(o, std::make_shared<CountingCredentials>());
  auto quick = request(aws::services::ec2, "DescribeInstances");
  quick.timeout = 200ms;
  quick.max_attempts = 1;
  auto t0 = std::chrono::steady_clock::now();
  auto q = c.call_sync(quick);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().kind, aws::ErrorKind::Timeout);
  EXPECT_NE(q.error().message.find("request 200 ms"), std::string::npos) << q.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1400ms);  // gave up before the server answered
  EXPECT_EQ(slow.request_count(), 1);
}

TEST(AwsClientFaults, RetryQuotaStopsRetriesWhenEmptyAndSuccessRefills) {
  std::atomic<bool> healthy{false};
  Fixture f([&](const CapturedRequest&) {
    if (healthy) return LoopbackHttpServer::response(200, kOkXml);
    return LoopbackHttpServer::response(503, "<Response><Errors><Error><Code>ServiceUnavailable</Code>"
                                             "<Message>down</Message></Error></Errors></Response>");
  });
  f.client = nullptr;
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = f.server.url();
  o.max_attempts = 3;
  o.jitter = [] { return 0.0; };
  f.client = std::make_unique<aws::AwsClient>(o, f.creds);
  EXPECT_EQ(f.client->retry_quota_available(), 500);
  // Each failing call retries twice at 5 tokens each: 50 calls drain the bucket.
  for (int i = 0; i < 50; ++i) ASSERT_FALSE(f.client->call_sync(request(aws::services::ec2, "DescribeInstances")).ok());
  EXPECT_EQ(f.server.request_count(), 150);
  EXPECT_EQ(f.client->retry_quota_available(), 0);
  auto r = f.client->call_sync(request(aws::services::ec2, "DescribeInstances"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(f.server.request_count(), 151);  // no retry once the quota is used up
  EXPECT_NE(r.error().message.find("retry quota"), std::string::npos) << r.error().message;
  healthy = true;
  ASSERT_TRUE(f.client->call_sync(request(aws::services::ec2, "DescribeInstances")).ok());
  EXPECT_EQ(f.client->retry_quota_available(), 1);  // a success without retry adds one
}

TEST(AwsClientFaults, SequentialCallsReuseOneKeptAliveConnection) {
  LoopbackHttpServer server([](const CapturedRequest&) { return LoopbackHttpServer::response(200, kOkXml); },
                            LoopbackHttpServer::KeepAlive::On);
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = server.url();
  aws::AwsClient c(o, std::make_shared<CountingCredentials>());
  for (int i = 0; i < 3; ++i) {
    auto r = c.call_sync(request(aws::services::ec2, "DescribeInstances"));
    ASSERT_TRUE(r.ok()) << r.error().describe();
  }
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(server.accept_count(), 1);  // one TCP connection carried all three calls

  // Control: a server that closes after each answer costs one connection per call.
  LoopbackHttpServer closing([](const CapturedRequest&) { return LoopbackHttpServer::response(200, kOkXml); });
  o.endpoint_url = closing.url();
  aws::AwsClient c2(o, std::make_shared<CountingCredentials>());
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(c2.call_sync(request(aws::services::ec2, "DescribeInstances")).ok());
  EXPECT_EQ(closing.accept_count(), 2);
}

// An owner that reaches its client through a member (the console) stops it before clearing
// the member: a callback running on the IO thread may chain another call; stop() cancels
// the one in flight, every callback runs exactly once, and a call made after stop() ends
// at once, cancelled.
TEST(AwsClientFaults, StopWhileACallbackChainsAnotherCallCancelsItExactlyOnce) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> served{0};
  Fixture f([&](const CapturedRequest&) {
    if (++served > 1) released.wait_for(std::chrono::seconds(10));  // the chained call hangs
    return LoopbackHttpServer::response(200, kOkXml);
  });
  std::atomic<int> first{0}, second{0};
  std::atomic<bool> second_cancelled{false};
  auto* client = f.client.get();
  client->call(request(aws::services::ec2, "DescribeInstances"), [&](aws::Result<aws::HttpResponse> r) {
    EXPECT_TRUE(r.ok());
    ++first;
    client->call(request(aws::services::ec2, "DescribeInstances"), [&](aws::Result<aws::HttpResponse> r2) {
      ++second;
      second_cancelled = !r2.ok() && r2.error().kind == aws::ErrorKind::Cancelled;
    });
  });
  for (int i = 0; i < 500 && f.server.request_count() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(f.server.request_count(), 2);
  client->stop();
  EXPECT_EQ(first.load(), 1);
  EXPECT_EQ(second.load(), 1);
  EXPECT_TRUE(second_cancelled.load());
  EXPECT_EQ(client->in_flight(), 0);
  std::atomic<int> late{0};
  client->call(request(aws::services::ec2, "DescribeInstances"), [&](aws::Result<aws::HttpResponse> r) {
    EXPECT_TRUE(!r.ok() && r.error().kind == aws::ErrorKind::Cancelled);
    ++late;
  });
  EXPECT_EQ(late.load(), 1);
  client->stop();  // idempotent
  release.set_value();
}
