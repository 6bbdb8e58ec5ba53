#pragma once
// The one-line message area: the latest message with its severity, which expires after
// a while (errors stay until replaced). Text is sanitised when set. UI thread only.

#include <chrono>
#include <string>
#include <string_view>

#include "widgets/cell_grid.hpp"

namespace opsdeck::ui {

enum class Severity : unsigned char { Info, Ok, Warn, Error };

class StatusLine {
 public:
  using Clock = std::chrono::steady_clock;

  void show(Severity severity, std::string_view text, Clock::time_point now = Clock::now());
  void clear() { text_.clear(); }
  // Drops an expired message; returns true when something was dropped (needs a redraw).
  bool expire(Clock::time_point now = Clock::now());
  const std::string& text() const { return text_; }
  Severity severity() const { return severity_; }

  // Draws the message left-aligned and `right` (e.g. "3/120 rows") right-aligned.
  void render(CellGrid& grid, Rect area, std::string_view right = {}) const;

  std::chrono::seconds info_lifetime{8};

 private:
  std::string text_;
  Severity severity_ = Severity::Info;
  Clock::time_point shown_at_{};
};

}  // namespace opsdeck::ui
