// libFuzzer target: the event-stream decoder (aws/event_stream.hpp) and the CloudWatch Logs
// live-tail reader on top of it (aws/live_tail_stream.hpp) must never crash, hang or
// over-read on any byte sequence, in any chunking, and the decoder must decode the same
// messages however the bytes are cut. The first input byte picks the chunk size.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "aws/event_stream.hpp"
#include "aws/live_tail_stream.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::aws;

// Feeds `bytes` in pieces of `chunk`; returns how many messages came out before an error.
std::size_t decode(std::string_view bytes, std::size_t chunk, std::vector<EventMessage>& out) {
  EventStreamDecoder d;
  while (!bytes.empty()) {
    const std::size_t n = bytes.size() < chunk ? bytes.size() : chunk;
    if (d.feed(bytes.substr(0, n), out) != EventStreamError::None) return out.size();
    bytes.remove_prefix(n);
  }
  (void)d.finish();
  return out.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view rest = opsdeck::fuzz::as_text(data + 1, size - 1);

  std::vector<EventMessage> pieces, whole;
  decode(rest, chunk, pieces);
  decode(rest, rest.size() + 1, whole);
  if (pieces.size() != whole.size()) opsdeck::fuzz::fail("chunking changed the number of messages decoded");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (pieces[i].payload != whole[i].payload) opsdeck::fuzz::fail("chunking changed a message's payload");
    (void)whole[i].header_string(":event-type");
    (void)whole[i].header_string(":message-type");
  }

  LiveTailStreamHandler tail;
  std::vector<LiveTailEvent> events;
  std::string_view bytes = rest;
  while (!bytes.empty()) {
    const std::size_t n = bytes.size() < chunk ? bytes.size() : chunk;
    if (!tail.feed(bytes.substr(0, n), events).ok()) break;
    bytes.remove_prefix(n);
  }
  (void)tail.finish();
  volatile std::size_t sink = events.size() + tail.session_id().size() + tail.updates();
  (void)sink;
  return 0;
}
