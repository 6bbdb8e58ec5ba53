// libFuzzer target: the event-stream decoder must never crash, hang or over-read on any
// byte sequence, in any chunking. The first input byte picks the chunk size.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "aws/event_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  opsdeck::aws::EventStreamDecoder d;
  std::vector<opsdeck::aws::EventMessage> out;
  while (!rest.empty()) {
    const std::size_t n = rest.size() < chunk ? rest.size() : chunk;
    if (d.feed(rest.substr(0, n), out) != opsdeck::aws::EventStreamError::None) break;
    rest.remove_prefix(n);
  }
  (void)d.finish();
  for (const auto& m : out) (void)m.header_string(":event-type");
  return 0;
}
