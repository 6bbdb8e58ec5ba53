// libFuzzer target: whatever the bytes, the sanitised text is valid UTF-8 with no byte a
// terminal would interpret, and the control spans lie inside it in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::ui;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  SanitizeOptions opt;
  opt.keep_newlines = size > 0 && (data[0] & 1);
  SafeText t = sanitize_text(raw, opt);
  std::size_t last = 0;
  for (const auto& s : t.controls) {
    if (s.begin < last || s.end < s.begin || s.end > t.text.size()) std::abort();
    last = s.end;
  }
  for (std::size_t i = 0; i < t.text.size();) {
    std::size_t start = i;
    char32_t cp = next_codepoint(t.text, i);
    bool newline_ok = opt.keep_newlines && cp == '\n';
    if ((cp < 0x20 && !newline_ok) || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) std::abort();
    // Invalid input decodes to U+FFFD, but the output itself must be valid UTF-8.
    if (cp == 0xFFFD && t.text.compare(start, 3, "\xEF\xBF\xBD") != 0) std::abort();
  }
  return 0;
}
