// smux v1 framing and the client-side stream multiplexer (ssh/ssm/smux_frame, smux_session):
// byte layouts as xtaci/smux writes them, frames split anywhere, garbled input refused with
// a reason, FIN both ways, keepalive NOPs tolerated.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ssh/ssm/smux_frame.hpp"
#include "ssh/ssm/smux_session.hpp"

namespace opsdeck::ssh::ssm {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

TEST(SmuxFrame, HeaderIsVersionCommandLittleEndianLengthAndStreamId) {
  EXPECT_EQ(encode_frame(SmuxCommand::Syn, 3), bytes({1, 0, 0, 0, 3, 0, 0, 0}));
  EXPECT_EQ(encode_frame(SmuxCommand::Fin, 0x01020304), bytes({1, 1, 0, 0, 4, 3, 2, 1}));
  EXPECT_EQ(encode_frame(SmuxCommand::Nop, 0), bytes({1, 3, 0, 0, 0, 0, 0, 0}));
  std::string data(0x0102, 'x');
  std::string f = encode_frame(SmuxCommand::Psh, 5, data);
  ASSERT_EQ(f.size(), 8 + data.size());
  EXPECT_EQ(f.substr(0, 8), bytes({1, 2, 0x02, 0x01, 5, 0, 0, 0}));
  EXPECT_EQ(f.substr(8), data);
}

TEST(SmuxFrame, PushSplitsAtTheMaximumFrameSize) {
  std::string data(kSmuxMaxFrameData * 2 + 10, 'a');
  std::string wire = encode_push(7, data);
  SmuxFrameReader r;
  r.feed(wire);
  std::vector<size_t> sizes;
  std::string joined;
  while (true) {
    auto f = r.next();
    ASSERT_TRUE(f) << f.error().message;
    if (!f.value()) break;
    EXPECT_EQ(f.value()->command, SmuxCommand::Psh);
    EXPECT_EQ(f.value()->stream_id, 7u);
    sizes.push_back(f.value()->data.size());
    joined += f.value()->data;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{kSmuxMaxFrameData, kSmuxMaxFrameData, 10}));
  EXPECT_EQ(joined, data);
  EXPECT_EQ(encode_push(7, ""), "");
}

TEST(SmuxFrame, ReaderReassemblesFramesFedOneByteAtATime) {
  std::string wire = encode_frame(SmuxCommand::Syn, 3) + encode_push(3, "hello") + encode_frame(SmuxCommand::Nop, 0) +
                     encode_frame(SmuxCommand::Fin, 3);
  SmuxFrameReader r;
  std::vector<SmuxFrame> got;
  for (char c : wire) {
    r.feed(std::string_view(&c, 1));
    for (;;) {
      auto f = r.next();
      ASSERT_TRUE(f);
      if (!f.value()) break;
      got.push_back(*f.value());
    }
  }
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], (SmuxFrame{SmuxCommand::Syn, 3, ""}));
  EXPECT_EQ(got[1], (SmuxFrame{SmuxCommand::Psh, 3, "hello"}));
  EXPECT_EQ(got[2], (SmuxFrame{SmuxCommand::Nop, 0, ""}));
  EXPECT_EQ(got[3], (SmuxFrame{SmuxCommand::Fin, 3, ""}));
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(SmuxFrame, AHalfHeaderOrHalfBodyWaitsForMore) {
  std::string wire = encode_push(9, "abcdef");
  SmuxFrameReader r;
  r.feed(wire.substr(0, 5));
  auto f = r.next();
  ASSERT_TRUE(f);
  EXPECT_FALSE(f.value());
  r.feed(wire.substr(5, 6));
  f = r.next();
  ASSERT_TRUE(f);
  EXPECT_FALSE(f.value());
  EXPECT_EQ(r.buffered(), 11u);
  r.feed(wire.substr(11));
  f = r.next();
  ASSERT_TRUE(f && f.value());
  EXPECT_EQ(f.value()->data, "abcdef");
}

TEST(SmuxFrame, AWrongVersionIsAClearErrorAndStaysOne) {
  SmuxFrameReader r;
  r.feed(bytes({2, 2, 0, 0, 1, 0, 0, 0}));
  auto f = r.next();
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().kind, aws::ErrorKind::Parse);
  EXPECT_NE(f.error().message.find("version 2"), std::string::npos) << f.error().message;
  r.feed(encode_frame(SmuxCommand::Nop, 0));
  EXPECT_FALSE(r.next());
}

TEST(SmuxFrame, ACommandOutsideV1IsRefused) {
  SmuxFrameReader r;
  r.feed(bytes({1, 4, 0, 0, 1, 0, 0, 0}));  // smux v2's UPD
  auto f = r.next();
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("command 4"), std::string::npos) << f.error().message;
}

struct Recorder {
  std::string sent;
  std::vector<std::pair<uint32_t, std::string>> data;
  std::vector<uint32_t> closed;
  std::vector<std::string> errors;
  SmuxEvents events() {
    SmuxEvents e;
    e.send = [this](std::string b) { sent += b; };
    e.data = [this](uint32_t s, std::string d) { data.emplace_back(s, std::move(d)); };
    e.remote_closed = [this](uint32_t s) { closed.push_back(s); };
    e.failed = [this](const aws::Error& err) { errors.push_back(err.message); };
    return e;
  }
};

TEST(SmuxSession, StreamsAreOddIdsFromThreeWithSynPshFin) {
  Recorder rec;
  SmuxSession s(rec.events());
  uint32_t a = s.open(), b = s.open();
  EXPECT_EQ(a, 3u);
  EXPECT_EQ(b, 5u);
  s.write(a, "ping");
  s.close(a);
  s.close(a);        // once only
  s.write(a, "late");  // nothing after our FIN
  EXPECT_EQ(rec.sent, encode_frame(SmuxCommand::Syn, 3) + encode_frame(SmuxCommand::Syn, 5) + encode_push(3, "ping") +
                          encode_frame(SmuxCommand::Fin, 3));
  EXPECT_TRUE(s.is_open(a));  // until the far end's FIN
  s.receive(encode_frame(SmuxCommand::Fin, 3));
  EXPECT_FALSE(s.is_open(a));
  EXPECT_EQ(rec.closed, std::vector<uint32_t>{3});
  EXPECT_TRUE(s.is_open(b));
}

TEST(SmuxSession, DataGoesToItsStreamAndNopsAreCounted) {
  Recorder rec;
  SmuxSession s(rec.events());
  uint32_t a = s.open(), b = s.open();
  std::string wire = encode_push(b, "to-b") + encode_frame(SmuxCommand::Nop, 0) + encode_push(a, "to-a") +
                     encode_push(99, "nobody");
  // Cut across frame boundaries, as the data channel's payloads are.
  s.receive(wire.substr(0, 3));
  s.receive(wire.substr(3, 17));
  s.receive(wire.substr(20));
  ASSERT_EQ(rec.data.size(), 2u);
  EXPECT_EQ(rec.data[0], (std::pair<uint32_t, std::string>{b, "to-b"}));
  EXPECT_EQ(rec.data[1], (std::pair<uint32_t, std::string>{a, "to-a"}));
  EXPECT_EQ(s.stats().nops_in, 1u);
  EXPECT_EQ(s.stats().unknown_stream_frames, 1u);
  EXPECT_TRUE(rec.errors.empty());
}

TEST(SmuxSession, TheFarEndClosingFirstThenOurFinForgetsTheStream) {
  Recorder rec;
  SmuxSession s(rec.events());
  uint32_t a = s.open();
  s.receive(encode_push(a, "bye") + encode_frame(SmuxCommand::Fin, a));
  EXPECT_EQ(rec.closed, std::vector<uint32_t>{a});
  s.receive(encode_push(a, "after fin"));  // dropped
  EXPECT_EQ(rec.data.size(), 1u);
  EXPECT_TRUE(s.is_open(a));
  s.close(a);
  EXPECT_FALSE(s.is_open(a));
  EXPECT_EQ(s.stats().open_streams, 0u);
}

TEST(SmuxSession, GarbledInputFailsTheSessionOnceWithTheReason) {
  Recorder rec;
  SmuxSession s(rec.events());
  uint32_t a = s.open();
  s.receive(encode_push(a, "ok") + "\x07garbage!");
  ASSERT_EQ(rec.errors.size(), 1u);
  EXPECT_NE(rec.errors[0].find("version 7"), std::string::npos) << rec.errors[0];
  EXPECT_TRUE(s.failed());
  EXPECT_EQ(rec.data.size(), 1u);  // what came before the damage was delivered
  s.receive(encode_push(a, "more"));
  EXPECT_EQ(rec.errors.size(), 1u);
  EXPECT_EQ(rec.data.size(), 1u);
}

TEST(SmuxSession, ASynFromTheFarEndIsAnsweredWithFin) {
  Recorder rec;
  SmuxSession s(rec.events());
  s.receive(encode_frame(SmuxCommand::Syn, 2));
  EXPECT_EQ(rec.sent, encode_frame(SmuxCommand::Fin, 2));
  EXPECT_FALSE(s.is_open(2));
}

}  // namespace
}  // namespace opsdeck::ssh::ssm
