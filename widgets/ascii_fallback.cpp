#include "widgets/ascii_fallback.hpp"

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

char ascii_for(char32_t cp) {
  if (cp >= 0x20 && cp < 0x7F) return static_cast<char>(cp);
  switch (cp) {
    case U'─': case U'━': case U'═': case U'╌': return '-';
    case U'│': case U'┃': case U'║': case U'╎': return '|';
    case U'▶': case U'►': case U'→': case U'›': return '>';
    case U'◀': case U'←': case U'‹': return '<';
    case U'↑': case U'▲': return '^';
    case U'↓': case U'▼': return 'v';
    case U'…': return '~';
    case U'●': case U'•': case U'·': return '*';
    case U'⟳': return '@';
    case U'▁': return '_';
    case U'▂': case U'▃': return '.';
    case U'▄': case U'▅': return 'o';
    case U'▆': case U'▇': return 'O';
    case U'█': return '#';
    case U'␛': return '^';
    case U'\uFFFD': return '?';
    default: break;
  }
  if (cp >= 0x2500 && cp <= 0x257F) return '+';  // corners, tees, crosses
  if (cp >= 0x2580 && cp <= 0x259F) return '#';  // other blocks
  if (cp > 0x2800 && cp <= 0x28FF) return ':';   // braille with dots
  if (cp == 0x2800) return ' ';
  if (cp >= 0x2400 && cp <= 0x2426) return '^';  // control pictures
  return '?';
}

std::string ascii_glyph(std::string_view utf8_glyph) {
  std::size_t pos = 0;
  if (utf8_glyph.empty()) return " ";
  return std::string(1, ascii_for(next_codepoint(utf8_glyph, pos)));
}

}  // namespace opsdeck::ui
