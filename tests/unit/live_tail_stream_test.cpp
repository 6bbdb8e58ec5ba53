// StartLiveTail stream handling on frames built here (moto 5.2.1 has no StartLiveTail).
#include <gtest/gtest.h>

#include "aws/live_tail_stream.hpp"

namespace opsdeck::aws {
namespace {

std::string event(const char* type, std::string payload) {
  EventMessage m;
  m.headers.push_back(EventHeader::string(":message-type", "event"));
  m.headers.push_back(EventHeader::string(":event-type", type));
  m.headers.push_back(EventHeader::string(":content-type", "application/json"));
  m.payload = std::move(payload);
  return encode_event_message(m);
}

std::string exception(const char* type, std::string payload) {
  EventMessage m;
  m.headers.push_back(EventHeader::string(":message-type", "exception"));
  m.headers.push_back(EventHeader::string(":exception-type", type));
  m.payload = std::move(payload);
  return encode_event_message(m);
}

const char* kUpdate = R"({"sessionMetadata":{"sampled":true},"sessionResults":[
  {"logStreamName":"web-1","logGroupIdentifier":"arn:aws:logs:us-east-1:123456789012:log-group:/app",
   "message":"GET / 200","timestamp":1795000000001,"ingestionTime":1795000000500},
  {"logStreamName":"web-2","logGroupIdentifier":"arn:aws:logs:us-east-1:123456789012:log-group:/app",
   "message":"GET /x 503","timestamp":1795000000002,"ingestionTime":1795000000501}]})";

TEST(LiveTailStream, SessionStartThenUpdatesBecomeEvents) {
  const std::string body = event("initial-response", "{}") +
                           event("sessionStart", R"({"requestId":"r-1","sessionId":"s-42"})") +
                           event("sessionUpdate", R"({"sessionMetadata":{"sampled":false},"sessionResults":[]})") +
                           event("sessionUpdate", kUpdate);
  LiveTailStreamHandler h;
  std::vector<LiveTailEvent> out;
  // Arbitrary network chunking.
  for (std::size_t i = 0; i < body.size(); i += 7) ASSERT_TRUE(h.feed(std::string_view(body).substr(i, 7), out).ok());
  ASSERT_TRUE(h.finish().ok());
  EXPECT_TRUE(h.started());
  EXPECT_EQ(h.session_id(), "s-42");
  EXPECT_EQ(h.updates(), 2U);
  EXPECT_TRUE(h.sampled());
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].stream, "web-1");
  EXPECT_EQ(out[1].message, "GET /x 503");
  EXPECT_EQ(out[1].timestamp_ms, 1795000000002);
  EXPECT_EQ(out[1].ingestion_ms, 1795000000501);
}

TEST(LiveTailStream, SessionTimeoutEndsTheStreamAsRetryable) {
  LiveTailStreamHandler h;
  std::vector<LiveTailEvent> out;
  const std::string body = event("sessionUpdate", kUpdate) +
                           exception("SessionTimeoutException", R"({"message":"Session timed out after 3 hours"})");
  auto r = h.feed(body, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "SessionTimeoutException");
  EXPECT_EQ(r.error().message, "Session timed out after 3 hours");
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(out.size(), 2U);  // the events before the exception were delivered
  EXPECT_FALSE(h.feed(event("sessionUpdate", kUpdate), out).ok());  // stays failed
}

TEST(LiveTailStream, CorruptedFrameAndBadPayloadAreErrors) {
  {
    std::string body = event("sessionUpdate", kUpdate);
    body[20] = static_cast<char>(body[20] ^ 0x40);
    LiveTailStreamHandler h;
    std::vector<LiveTailEvent> out;
    auto r = h.feed(body, out);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "EventStreamMessageCrcMismatch");
  }
  {
    LiveTailStreamHandler h;
    std::vector<LiveTailEvent> out;
    auto r = h.feed(event("sessionUpdate", "not json"), out);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Parse);
  }
  {
    LiveTailStreamHandler h;
    std::vector<LiveTailEvent> out;
    const std::string body = event("sessionUpdate", kUpdate);
    ASSERT_TRUE(h.feed(body.substr(0, 30), out).ok());
    EXPECT_EQ(h.finish().error().code, "EventStreamTruncated");
  }
}

}  // namespace
}  // namespace opsdeck::aws
