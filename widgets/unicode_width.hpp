#pragma once
// Terminal column widths of Unicode text, independent of the process locale:
// East Asian wide and emoji code points take 2 columns, combining marks and zero-width
// characters 0, everything else 1. Invalid UTF-8 decodes to U+FFFD (width 1).

#include <cstddef>
#include <string>
#include <string_view>

namespace opsdeck::ui {

// Decodes one code point at `pos` and advances it. Invalid sequences give U+FFFD and
// advance by one byte.
char32_t next_codepoint(std::string_view s, std::size_t& pos);
int codepoint_width(char32_t cp);  // 0, 1 or 2
int display_width(std::string_view utf8);
void append_utf8(std::string& out, char32_t cp);
// The longest prefix of `utf8` that fits in `columns`, never splitting a character.
std::string_view fit_prefix(std::string_view utf8, int columns);

}  // namespace opsdeck::ui
