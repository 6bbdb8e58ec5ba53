// AwsClient::stream and CloudWatchLiveTail against a loopback HTTP peer: the event-stream
// body reaches the listener as it arrives (sessionStart, updates with the group names asked
// for), a 4xx answer is the parsed AWS error, a body cut inside a message is an error, the
// request is a signed StartLiveTail sent once to the endpoint override as given.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "app/logs/cloudwatch_live_tail.hpp"
#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/event_stream.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::app {
namespace {

using testing::CapturedRequest;
using testing::LoopbackHttpServer;

std::string event(const char* type, const std::string& payload) {
  aws::EventMessage m;
  m.headers.push_back(aws::EventHeader::string(":message-type", "event"));
  m.headers.push_back(aws::EventHeader::string(":event-type", type));
  m.headers.push_back(aws::EventHeader::string(":content-type", "application/json"));
  m.payload = payload;
  return aws::encode_event_message(m);
}

std::string stream_body() {
  return event("initial-response", "{}") + event("sessionStart", R"({"sessionId":"s-1"})") +
         event("sessionUpdate", R"({"sessionMetadata":{"sampled":false},"sessionResults":[
            {"logStreamName":"web-1","logGroupIdentifier":"arn:aws:logs:us-east-1:123456789012:log-group:/app",
             "message":"hello","timestamp":1795000000001,"ingestionTime":1795000000500}]})") +
         event("sessionUpdate", R"({"sessionMetadata":{"sampled":true},"sessionResults":[]})");
}

// An event-stream answer without Content-Length: the body ends when the server closes.
std::string stream_response(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\nConnection: close\r\n\r\n" + body;
}

struct Listener : LiveTailListener {
  std::mutex mu;
  std::condition_variable cv;
  bool started = false, ended = false, sampled = false;
  int updates = 0;
  std::vector<aws::LiveTailEvent> events;
  aws::Result<void> why;
  void on_started(std::uint64_t) override {
    std::lock_guard lock(mu);
    started = true;
  }
  void on_update(std::uint64_t, std::vector<aws::LiveTailEvent> ev, bool s) override {
    std::lock_guard lock(mu);
    ++updates;
    sampled = s;
    for (auto& e : ev) events.push_back(std::move(e));
  }
  void on_ended(std::uint64_t, aws::Result<void> w) override {
    std::lock_guard lock(mu);
    ended = true;
    why = std::move(w);
    cv.notify_all();
  }
  bool wait_end() {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return ended; });
  }
};

std::unique_ptr<aws::AwsClient> client_for(const LoopbackHttpServer& server) {
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = server.url();
  return std::make_unique<aws::AwsClient>(
      o, std::make_shared<aws::StaticCredentialsProvider>(aws::Credentials{"AKIDTEST", "secret", "", {}, "test"}));
}

TEST(AwsClientStream, LiveTailEventsReachTheListenerWithTheGroupNamesAskedFor) {
  LoopbackHttpServer server([](const CapturedRequest&) { return stream_response(stream_body()); });
  auto client = client_for(server);
  CloudWatchLiveTail live(*client, [] { return std::string("arn:aws:iam::123456789012:user/ops"); });
  Listener l;
  auto session = live.start({{"/app"}}, 7, l);
  ASSERT_TRUE(l.wait_end());
  EXPECT_TRUE(l.why.ok()) << l.why.error().describe();
  EXPECT_TRUE(l.started);
  EXPECT_GE(l.updates, 1);  // updates that arrive together are handed over together
  EXPECT_TRUE(l.sampled);
  ASSERT_EQ(l.events.size(), 1U);
  EXPECT_EQ(l.events[0].group_identifier, "/app");
  EXPECT_EQ(l.events[0].message, "hello");
  EXPECT_EQ(l.events[0].timestamp_ms, 1795000000001);

  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1U);
  ASSERT_NE(reqs[0].header("x-amz-target"), nullptr);
  EXPECT_EQ(*reqs[0].header("x-amz-target"), "Logs_20140328.StartLiveTail");
  ASSERT_NE(reqs[0].header("host"), nullptr);
  EXPECT_EQ(*reqs[0].header("host"), "127.0.0.1:" + std::to_string(server.port()));  // no prefix on an override
  ASSERT_NE(reqs[0].header("authorization"), nullptr);
  EXPECT_NE(reqs[0].header("authorization")->find("/us-east-1/logs/aws4_request"), std::string::npos);
  EXPECT_NE(reqs[0].body.find("arn:aws:logs:us-east-1:123456789012:log-group:/app"), std::string::npos);
}

TEST(AwsClientStream, AnErrorAnswerIsTheParsedAwsErrorSentOnce) {
  LoopbackHttpServer server([](const CapturedRequest&) {
    return LoopbackHttpServer::response(
        400, R"({"__type":"LimitExceededException","message":"too many sessions"})",
        {{"x-amzn-ErrorType", "LimitExceededException"}}, "application/x-amz-json-1.1");
  });
  auto client = client_for(server);
  CloudWatchLiveTail live(*client, nullptr);
  Listener l;
  auto session = live.start({{"/app"}}, 1, l);
  ASSERT_TRUE(l.wait_end());
  ASSERT_FALSE(l.why.ok());
  EXPECT_EQ(l.why.error().code, "LimitExceededException");
  EXPECT_EQ(l.why.error().http_status, 400);
  EXPECT_FALSE(l.started);
  EXPECT_EQ(server.request_count(), 1);  // a stream is never retried by the client
}

TEST(AwsClientStream, ABodyCutInsideAMessageIsAnError) {
  std::string body = stream_body();
  body.resize(body.size() - 7);
  LoopbackHttpServer server([body](const CapturedRequest&) { return stream_response(body); });
  auto client = client_for(server);
  CloudWatchLiveTail live(*client, nullptr);
  Listener l;
  auto session = live.start({{"/app"}}, 1, l);
  ASSERT_TRUE(l.wait_end());
  ASSERT_FALSE(l.why.ok());
  EXPECT_EQ(l.why.error().code, "EventStreamTruncated") << l.why.error().describe();
  EXPECT_EQ(l.updates, 1);  // what came before the cut was delivered
}

}  // namespace
}  // namespace opsdeck::app
