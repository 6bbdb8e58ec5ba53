#pragma once
// A colour theme: for every Role, a Style (foreground, background, attributes). Widgets
// draw roles; only the backend looks at styles. Two themes are compiled in and always
// available: the default dark theme and monochrome (attributes only, for NO_COLOR,
// TERM=dumb and terminals without colour). Files in themes/*.json are loaded by
// theme_loader.hpp. A Theme is a plain value; copy it freely.

#include <array>
#include <string>

#include "widgets/role.hpp"

namespace opsdeck::ui {

// Colour numbers: -1 is the terminal's default colour, 0-7 the basic colours, 8-15 their
// bright variants, 16-255 the xterm 256-colour palette.
enum : int { kDefaultColour = -1 };

struct Style {
  int fg = kDefaultColour;
  int bg = kDefaultColour;
  bool bold = false;
  bool dim = false;
  bool underline = false;
  bool reverse = false;
  bool operator==(const Style&) const = default;
};

inline constexpr std::size_t kRoleCount = static_cast<std::size_t>(Role::Count_);

struct Theme {
  std::string name;
  std::array<Style, kRoleCount> styles{};

  const Style& style(Role r) const { return styles[static_cast<std::size_t>(r)]; }
  Style& style(Role r) { return styles[static_cast<std::size_t>(r)]; }

  static Theme builtin_dark();
  static Theme monochrome();
};

// What the terminal can show; decided once by the backend (or by tests).
struct ColourSupport {
  int colours = 256;  // 0 (none), 8, 16, 256
};

// Maps a style to what the terminal can show: 256-colour indexes become the nearest basic
// colour on 8/16-colour terminals; with no colours, colours are dropped and attributes kept
// (selection falls back to reverse video so it stays visible).
Style adapt_style(const Style& s, Role role, ColourSupport support);

}  // namespace opsdeck::ui
