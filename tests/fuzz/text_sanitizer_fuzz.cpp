// libFuzzer target: whatever the bytes, the sanitised text (widgets/text_sanitizer.hpp) is
// valid UTF-8 with no byte a terminal would interpret and no bidi or invisible format
// character (checked by an independent decoder, tests/fuzz/inert_text.hpp), the control
// spans lie inside it in order, and sanitize_plain() is the same text. The first input byte
// picks the options.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/inert_text.hpp"
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::ui;
  if (size == 0) return 0;
  std::string_view raw = opsdeck::fuzz::as_text(data + 1, size - 1);
  SanitizeOptions opt;
  opt.keep_newlines = data[0] & 1;
  opt.keep_tabs = data[0] & 2;
  opt.tab_width = (data[0] >> 2) & 7;  // 0 shows tabs as a picture
  opt.start_column = data[0] >> 5;
  SafeText t = sanitize_text(raw, opt);
  std::size_t last = 0;
  for (const auto& s : t.controls) {
    if (s.begin < last || s.end < s.begin || s.end > t.text.size()) opsdeck::fuzz::fail("control spans out of order");
    last = s.end;
  }
  if (const char* why = opsdeck::fuzz::why_not_inert(t.text, opt.keep_newlines, opt.keep_tabs); *why)
    opsdeck::fuzz::fail(why);
  if (sanitize_plain(raw, opt) != t.text) opsdeck::fuzz::fail("sanitize_plain differs from sanitize_text");
  volatile int width = display_width(t.text);
  (void)width;
  return 0;
}
