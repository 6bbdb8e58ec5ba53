#include "widgets/status_line.hpp"

#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {
Role role_of(Severity s) {
  switch (s) {
    case Severity::Ok: return Role::StatusOk;
    case Severity::Warn: return Role::StatusWarn;
    case Severity::Error: return Role::StatusError;
    case Severity::Info: break;
  }
  return Role::StatusInfo;
}
}  // namespace

void StatusLine::show(Severity severity, std::string_view text, Clock::time_point now) {
  text_ = sanitize_plain(text);
  severity_ = severity;
  shown_at_ = now;
}

bool StatusLine::expire(Clock::time_point now) {
  if (text_.empty() || severity_ == Severity::Error) return false;
  if (now - shown_at_ < info_lifetime) return false;
  text_.clear();
  return true;
}

void StatusLine::render(CellGrid& grid, Rect area, std::string_view right) const {
  if (area.empty()) return;
  int end = area.x + area.w;
  int rw = display_width(right);
  int text_end = right.empty() ? end : end - rw - 1;
  grid.put(area.x + 1, area.y, text_, role_of(severity_), text_end);
  if (!right.empty() && rw < area.w) grid.put(end - rw, area.y, right, Role::Dim, end);
}

}  // namespace opsdeck::ui
