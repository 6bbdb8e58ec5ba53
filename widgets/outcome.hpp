#pragma once
// What an input handler, timer or posted task changed (STYLE.md "Handlers return what
// changed"). Ordered by strength; combining two outcomes keeps the stronger one. The loop
// decides what to draw: nothing for Ignored/Handled, a frame for Redraw, a layout pass and
// a frame for Relayout, and it stops for Quit.

#include <algorithm>
#include <cstdint>

namespace opsdeck::ui {

enum class Outcome : std::uint8_t { Ignored, Handled, Redraw, Relayout, Quit };

inline Outcome combine(Outcome a, Outcome b) { return std::max(a, b); }
inline bool consumed(Outcome o) { return o != Outcome::Ignored; }

}  // namespace opsdeck::ui
