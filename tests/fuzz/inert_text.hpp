#pragma once
// The promise of widgets/text_sanitizer.hpp, checked independently of its decoder: text
// that reaches the terminal is valid UTF-8 and holds no control a terminal would act on
// (C0 except the allowed '\n' / '\t', DEL, C1), no bidi control and no invisible format
// character. Used by the sanitiser fuzz targets.

#include <cstddef>
#include <string_view>

namespace opsdeck::fuzz {

// Why `text` is not inert ("" when it is).
inline const char* why_not_inert(std::string_view text, bool newline_ok, bool tab_ok) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    std::size_t len = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (len == 0) return "invalid UTF-8 lead byte";
    char32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
    if (i + len > text.size()) return "truncated UTF-8 sequence";
    for (std::size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return "invalid UTF-8 continuation byte";
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return "overlong UTF-8";
    if (cp >= 0xD800 && cp <= 0xDFFF) return "UTF-8 surrogate";
    i += len;
    if (cp == '\n' && newline_ok) continue;
    if (cp == '\t' && tab_ok) continue;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return "a control character";
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
        cp == 0x061C)
      return "a bidi control";
    if ((cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206A && cp <= 0x206F) ||
        cp == 0xFEFF || cp == 0x00AD || cp == 0x180E || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F))
      return "an invisible format character";
  }
  return "";
}

}  // namespace opsdeck::fuzz
