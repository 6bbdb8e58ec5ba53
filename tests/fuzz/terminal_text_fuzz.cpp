// libFuzzer target: the text headless commands print (app/terminal_text.hpp). Whatever the
// bytes, neutralise_text() gives inert text (valid UTF-8; only '\n' and '\t' as controls;
// no bidi or invisible format character), and StreamNeutraliser gives exactly the same
// text however the bytes are cut into chunks — as its header promises. The first input
// byte seeds the chunk sizes. json_dump_safe() of the text as a JSON string is pure ASCII.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/terminal_text.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/inert_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::app;
  if (size == 0) return 0;
  unsigned seed = data[0];
  std::string_view raw = opsdeck::fuzz::as_text(data + 1, size - 1);

  const std::string whole = neutralise_text(raw);
  if (const char* why = opsdeck::fuzz::why_not_inert(whole, true, true); *why)
    opsdeck::fuzz::fail(why);

  // Chunks of 1..8 bytes, the pattern drawn from the seed byte, in two passes (the
  // neutraliser is reusable after finish()).
  StreamNeutraliser stream;
  for (int pass = 0; pass < 2; ++pass) {
    std::string streamed;
    std::size_t at = 0;
    unsigned s = seed + static_cast<unsigned>(pass) * 7;
    while (at < raw.size()) {
      std::size_t n = 1 + (s & 7);
      s = s * 37 + 11;
      streamed += stream.feed(raw.substr(at, n));
      at += n;
    }
    streamed += stream.finish();
    if (streamed != whole) opsdeck::fuzz::fail("streamed text differs from neutralise_text of the whole");
  }

  const std::string json = json_dump_safe(nlohmann::json(std::string(raw)));
  for (char c : json)
    if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20)
      opsdeck::fuzz::fail("json_dump_safe printed a non-ASCII or control byte");
  return 0;
}
