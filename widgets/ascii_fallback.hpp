#pragma once
// ASCII stand-ins for the characters widgets draw (box drawing, block elements, braille,
// arrows, control pictures), for terminals whose locale is not UTF-8. Pure functions.

#include <string>
#include <string_view>

namespace opsdeck::ui {

// The ASCII character shown for `cp` (cp itself when already ASCII; '?' when unknown).
char ascii_for(char32_t cp);
// The whole glyph (base + combining marks) as one ASCII character.
std::string ascii_glyph(std::string_view utf8_glyph);

}  // namespace opsdeck::ui
