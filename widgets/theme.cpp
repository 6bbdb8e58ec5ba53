#include "widgets/theme.hpp"

#include <cstdlib>

namespace opsdeck::ui {

namespace {

enum Colour : int { Black, Red, Green, Yellow, Blue, Magenta, Cyan, White, BrightBlack };

Style fg(int c, bool bold = false) {
  Style s;
  s.fg = c;
  s.bold = bold;
  return s;
}

// RGB of a 256-colour index, for the nearest-basic-colour fallback.
void rgb_of(int c, int& r, int& g, int& b) {
  static const int basic[16][3] = {{0, 0, 0},       {205, 0, 0},     {0, 205, 0},   {205, 205, 0},
                                   {0, 0, 238},     {205, 0, 205},   {0, 205, 205}, {229, 229, 229},
                                   {127, 127, 127}, {255, 0, 0},     {0, 255, 0},   {255, 255, 0},
                                   {92, 92, 255},   {255, 0, 255},   {0, 255, 255}, {255, 255, 255}};
  if (c < 16) {
    r = basic[c][0], g = basic[c][1], b = basic[c][2];
  } else if (c < 232) {
    static const int lv[6] = {0, 95, 135, 175, 215, 255};
    int i = c - 16;
    r = lv[i / 36], g = lv[(i / 6) % 6], b = lv[i % 6];
  } else {
    r = g = b = 8 + (c - 232) * 10;
  }
}

int nearest_basic(int c, int limit) {
  if (c < 0 || c < limit) return c;
  int r, g, b;
  rgb_of(c, r, g, b);
  int best = 0;
  long best_d = -1;
  for (int i = 0; i < limit; ++i) {
    int br, bg, bb;
    rgb_of(i, br, bg, bb);
    long d = long(r - br) * (r - br) + long(g - bg) * (g - bg) + long(b - bb) * (b - bb);
    if (best_d < 0 || d < best_d) best = i, best_d = d;
  }
  return best;
}

}  // namespace

Theme Theme::builtin_dark() {
  Theme t;
  t.name = "default";
  auto set = [&](Role r, Style s) { t.style(r) = s; };
  set(Role::Dim, fg(244));
  set(Role::Border, fg(240));
  set(Role::BorderFocused, fg(Cyan, true));
  set(Role::Title, fg(Cyan, true));
  set(Role::Header, fg(252, true));
  Style sel;
  sel.fg = Black;
  sel.bg = Cyan;
  set(Role::Selected, sel);
  Style seldim;
  seldim.bg = 238;
  set(Role::SelectedDim, seldim);
  set(Role::StatusInfo, fg(252));
  set(Role::StatusOk, fg(Green));
  set(Role::StatusWarn, fg(Yellow, true));
  set(Role::StatusError, fg(Red, true));
  set(Role::KeyHint, fg(Cyan, true));
  Style badge;
  badge.fg = Black;
  badge.bg = 250;
  set(Role::Badge, badge);
  Style prod;
  prod.fg = 15;
  prod.bg = Red;
  prod.bold = true;
  set(Role::BadgeProd, prod);
  set(Role::StateGood, fg(Green));
  set(Role::StateBad, fg(Red, true));
  set(Role::StateWarn, fg(Yellow));
  Style match;
  match.fg = Black;
  match.bg = Yellow;
  set(Role::Match, match);
  set(Role::LogError, fg(Red, true));
  set(Role::LogWarn, fg(Yellow));
  set(Role::LogInfo, fg(252));
  set(Role::LogDebug, fg(244));
  set(Role::LogSource, fg(Magenta));
  Style control = fg(Magenta);
  control.reverse = true;
  set(Role::Control, control);
  set(Role::JsonKey, fg(Blue, true));
  set(Role::JsonString, fg(Green));
  set(Role::JsonNumber, fg(Cyan));
  set(Role::JsonLiteral, fg(Magenta));
  set(Role::JsonPunct, fg(244));
  set(Role::Graph, fg(Cyan));
  set(Role::Threshold, fg(Red));
  set(Role::Secret, fg(244));
  return t;
}

Theme Theme::monochrome() {
  Theme t;
  t.name = "monochrome";
  auto bold = [&](Role r) { t.style(r).bold = true; };
  auto rev = [&](Role r) { t.style(r).reverse = true; };
  auto dim = [&](Role r) { t.style(r).dim = true; };
  for (Role r : {Role::BorderFocused, Role::Title, Role::Header, Role::StatusError, Role::StatusWarn,
                 Role::KeyHint, Role::StateBad, Role::LogError, Role::JsonKey, Role::BadgeProd})
    bold(r);
  for (Role r : {Role::Selected, Role::Match, Role::Badge, Role::BadgeProd, Role::Control}) rev(r);
  for (Role r : {Role::Dim, Role::Border, Role::LogDebug, Role::JsonPunct, Role::Secret}) dim(r);
  t.style(Role::SelectedDim).underline = true;
  t.style(Role::Threshold).underline = true;
  return t;
}

Style adapt_style(const Style& s, Role role, ColourSupport support) {
  Style out = s;
  if (support.colours <= 0) {
    out.fg = out.bg = kDefaultColour;
    // Without colour, anything that was told apart by a background needs reverse video.
    if (s.bg != kDefaultColour || role == Role::Selected || role == Role::Match) out.reverse = true;
    return out;
  }
  int limit = support.colours >= 256 ? 256 : support.colours >= 16 ? 16 : 8;
  out.fg = nearest_basic(s.fg, limit);
  out.bg = nearest_basic(s.bg, limit);
  if (limit == 8 && s.fg >= 8 && s.fg < 16) out.bold = true;  // bright -> bold
  return out;
}

}  // namespace opsdeck::ui
