// Event-stream framing: frames are built here with encode_event_message (whose CRCs are
// checked against the standard CRC-32 check value) and fed in every possible chunking.
#include <gtest/gtest.h>

#include "aws/crc32.hpp"
#include "aws/event_stream.hpp"

namespace opsdeck::aws {
namespace {

EventMessage sample_message() {
  EventMessage m;
  m.headers.push_back(EventHeader::string(":message-type", "event"));
  m.headers.push_back(EventHeader::string(":event-type", "sessionUpdate"));
  EventHeader t{"t-true", EventHeaderType::BoolTrue, 1, {}};
  EventHeader f{"t-false", EventHeaderType::BoolFalse, 0, {}};
  EventHeader b{"byte", EventHeaderType::Byte, -5, {}};
  EventHeader s{"short", EventHeaderType::Short, -30000, {}};
  EventHeader i{"int", EventHeaderType::Integer, 123456789, {}};
  EventHeader l{"long", EventHeaderType::Long, -1234567890123LL, {}};
  EventHeader a{"bytes", EventHeaderType::ByteArray, 0, std::string("\x00\x01\xff", 3)};
  EventHeader ts{"ts", EventHeaderType::Timestamp, 1795000000123LL, {}};
  EventHeader u{"uuid", EventHeaderType::Uuid, 0, std::string("0123456789abcdef")};
  for (auto* h : {&t, &f, &b, &s, &i, &l, &a, &ts, &u}) m.headers.push_back(*h);
  m.payload = R"({"sessionResults":[]})";
  return m;
}

TEST(Crc32, StandardCheckValueAndContinuation) {
  EXPECT_EQ(crc32(std::string_view("123456789")), 0xCBF43926U);
  EXPECT_EQ(crc32(std::string_view("6789"), crc32(std::string_view("12345"))), 0xCBF43926U);
  EXPECT_EQ(crc32(std::string_view("")), 0U);
}

TEST(EventStream, DecodesAllTenHeaderTypes) {
  const EventMessage in = sample_message();
  std::vector<EventMessage> out;
  EventStreamDecoder d;
  ASSERT_EQ(d.feed(encode_event_message(in), out), EventStreamError::None);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].headers, in.headers);
  EXPECT_EQ(out[0].payload, in.payload);
  EXPECT_EQ(out[0].header_string(":event-type"), "sessionUpdate");
  EXPECT_EQ(out[0].header("short")->number, -30000);
  EXPECT_EQ(out[0].header("ts")->number, 1795000000123LL);
  EXPECT_EQ(d.finish(), EventStreamError::None);
}

TEST(EventStream, EmptyMessageIsSixteenBytes) {
  const std::string wire = encode_event_message({});
  ASSERT_EQ(wire.size(), 16U);
  // total=16, headers=0, then CRC of the 8 prelude bytes.
  EXPECT_EQ(wire.substr(0, 8), std::string("\x00\x00\x00\x10\x00\x00\x00\x00", 8));
  std::vector<EventMessage> out;
  EventStreamDecoder d;
  EXPECT_EQ(d.feed(wire, out), EventStreamError::None);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_TRUE(out[0].headers.empty());
  EXPECT_TRUE(out[0].payload.empty());
}

TEST(EventStream, SplitAtEveryByteOfTwoMessages) {
  EventMessage second;
  second.headers.push_back(EventHeader::string(":message-type", "event"));
  second.payload = "second";
  const std::string wire = encode_event_message(sample_message()) + encode_event_message(second);
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    EventStreamDecoder d;
    std::vector<EventMessage> out;
    ASSERT_EQ(d.feed(std::string_view(wire).substr(0, cut), out), EventStreamError::None) << cut;
    ASSERT_EQ(d.feed(std::string_view(wire).substr(cut), out), EventStreamError::None) << cut;
    ASSERT_EQ(out.size(), 2U) << cut;
    EXPECT_EQ(out[1].payload, "second");
    EXPECT_EQ(d.buffered(), 0U);
  }
}

TEST(EventStream, OneByteAtATime) {
  const std::string wire = encode_event_message(sample_message());
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  for (char c : wire) ASSERT_EQ(d.feed(std::string_view(&c, 1), out), EventStreamError::None);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].payload, sample_message().payload);
}

TEST(EventStream, BadPreludeCrcIsReportedAndSticks) {
  std::string wire = encode_event_message(sample_message());
  wire[11] = static_cast<char>(wire[11] ^ 0x01);
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  EXPECT_EQ(d.feed(wire, out), EventStreamError::PreludeCrcMismatch);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(d.feed(encode_event_message({}), out), EventStreamError::PreludeCrcMismatch);
  const Error e = to_error(d.error(), d.error_detail());
  EXPECT_EQ(e.kind, ErrorKind::Parse);
  EXPECT_EQ(e.code, "EventStreamPreludeCrcMismatch");
}

TEST(EventStream, CorruptedLengthIsCaughtByPreludeCrcBeforeBuffering) {
  std::string wire = encode_event_message(sample_message());
  wire[0] = '\x7f';  // claims ~2 GB
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  EXPECT_EQ(d.feed(wire.substr(0, 12), out), EventStreamError::PreludeCrcMismatch);
}

TEST(EventStream, BadMessageCrcKeepsEarlierMessages) {
  const std::string good = encode_event_message({});
  std::string bad = encode_event_message(sample_message());
  bad[bad.size() - 10] = static_cast<char>(bad[bad.size() - 10] ^ 0x20);  // inside the payload
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  EXPECT_EQ(d.feed(good + bad, out), EventStreamError::MessageCrcMismatch);
  EXPECT_EQ(out.size(), 1U);
}

TEST(EventStream, TruncatedStreamReportedAtFinish) {
  const std::string wire = encode_event_message(sample_message());
  EventStreamDecoder d;
  std::vector<EventMessage> out;
  EXPECT_EQ(d.feed(wire.substr(0, wire.size() - 1), out), EventStreamError::None);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(d.finish(), EventStreamError::Truncated);
}

// Builds a prelude with valid CRC for arbitrary lengths.
std::string prelude(std::uint32_t total, std::uint32_t hlen) {
  std::string p;
  for (std::uint32_t v : {total, hlen})
    for (int i = 3; i >= 0; --i) p.push_back(static_cast<char>((v >> (i * 8)) & 0xFF));
  const std::uint32_t c = crc32(p);
  for (int i = 3; i >= 0; --i) p.push_back(static_cast<char>((c >> (i * 8)) & 0xFF));
  return p;
}

TEST(EventStream, OversizedAndUndersizedLengthsRejectedFromThePrelude) {
  struct Case {
    std::uint32_t total, hlen;
    EventStreamError want;
  };
  for (const Case& c : {Case{15, 0, EventStreamError::LengthTooSmall},
                        Case{20, 5, EventStreamError::LengthTooSmall},
                        Case{16 + 200 * 1024, 200 * 1024, EventStreamError::HeadersTooLarge},
                        Case{16 + 25 * 1024 * 1024, 0, EventStreamError::PayloadTooLarge}}) {
    EventStreamDecoder d;
    std::vector<EventMessage> out;
    EXPECT_EQ(d.feed(prelude(c.total, c.hlen), out), c.want) << c.total << "/" << c.hlen;
  }
}

std::string with_crcs(std::string frame_without_crc) {
  // frame_without_crc = prelude(8 bytes, crc placeholder 4) + headers + payload
  const std::uint32_t pc = crc32(std::string_view(frame_without_crc).substr(0, 8));
  for (int i = 0; i < 4; ++i) frame_without_crc[8 + i] = static_cast<char>((pc >> ((3 - i) * 8)) & 0xFF);
  const std::uint32_t mc = crc32(frame_without_crc);
  for (int i = 3; i >= 0; --i) frame_without_crc.push_back(static_cast<char>((mc >> (i * 8)) & 0xFF));
  return frame_without_crc;
}

std::string raw_frame(const std::string& headers) {
  std::string f;
  const std::uint32_t total = static_cast<std::uint32_t>(16 + headers.size());
  for (std::uint32_t v : {total, static_cast<std::uint32_t>(headers.size())})
    for (int i = 3; i >= 0; --i) f.push_back(static_cast<char>((v >> (i * 8)) & 0xFF));
  f += std::string(4, '\0');
  f += headers;
  return with_crcs(f);
}

TEST(EventStream, MalformedHeadersWithValidCrcs) {
  const std::string unknown_type = std::string("\x01x\x0a", 3);
  const std::string runs_past = std::string("\x01x\x07\x00\x09" "abc", 8);
  const std::string dup = std::string("\x01x\x00\x01x\x01", 6);
  std::vector<EventMessage> out;
  {
    EventStreamDecoder d;
    EXPECT_EQ(d.feed(raw_frame(unknown_type), out), EventStreamError::MalformedHeader);
  }
  {
    EventStreamDecoder d;
    EXPECT_EQ(d.feed(raw_frame(runs_past), out), EventStreamError::MalformedHeader);
  }
  {
    EventStreamDecoder d;
    EXPECT_EQ(d.feed(raw_frame(dup), out), EventStreamError::DuplicateHeader);
  }
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace opsdeck::aws
