#include "app/console/header_bar.hpp"

#include <array>

#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::app {

using ui::Role;

void render_header(ui::CellGrid& grid, ui::Rect area, const HeaderInfo& info,
                   const std::string& clock, int spinner_frame, bool ascii) {
  if (area.empty()) return;
  int end = area.x + area.w;
  int clock_w = ui::display_width(clock);
  int limit = end - clock_w - 1;
  int x = area.x + 1;
  auto sep = [&] { x += grid.put(x, area.y, ascii ? " - " : " ─ ", Role::Border, limit); };
  x += grid.put(x, area.y, "opsdeck", Role::Title, limit);
  if (!info.environment.empty()) {
    sep();
    x += grid.put(x, area.y, ui::sanitize_plain(info.environment), Role::Default, limit);
    if (info.production) {
      x += 1;
      x += grid.put(x, area.y, " PROD ", Role::BadgeProd, limit);
    }
  }
  if (!info.fleet.empty()) {
    sep();
    x += grid.put(x, area.y, "fleet ", Role::Dim, limit);
    x += grid.put(x, area.y, ui::sanitize_plain(info.fleet), Role::Default, limit);
    sep();
    x += grid.put(x, area.y, std::to_string(info.members_up) + " up", Role::StateGood, limit);
    if (info.members_failed > 0)
      x += grid.put(x, area.y, " · " + std::to_string(info.members_failed) + " failed",
                    Role::StateBad, limit);
    if (info.members_stale > 0)
      x += grid.put(x, area.y, " · " + std::to_string(info.members_stale) + " stale",
                    Role::StateWarn, limit);
  } else {
    sep();
    x += grid.put(x, area.y, "profile ", Role::Dim, limit);
    x += grid.put(x, area.y, ui::sanitize_plain(info.profile.empty() ? "default" : info.profile),
                  Role::Default, limit);
    sep();
    x += grid.put(x, area.y, ui::sanitize_plain(info.region.empty() ? "(no region)" : info.region),
                  Role::Default, limit);
    if (!info.account.empty()) {
      sep();
      x += grid.put(x, area.y, "acct ", Role::Dim, limit);
      x += grid.put(x, area.y, ui::sanitize_plain(info.account), Role::Default, limit);
    }
  }
  if (info.in_flight > 0) {
    static constexpr std::array<const char*, 10> kBraille = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                                             "⠴", "⠦", "⠧", "⠇", "⠏"};
    static constexpr std::array<const char*, 4> kAscii = {"|", "/", "-", "\\"};
    std::string frame = ascii ? kAscii[static_cast<std::size_t>(spinner_frame) % kAscii.size()]
                              : kBraille[static_cast<std::size_t>(spinner_frame) % kBraille.size()];
    x += 1;
    x += grid.put(x, area.y, frame + " " + std::to_string(info.in_flight), Role::StatusInfo, limit);
  }
  if (clock_w < area.w) grid.put(end - clock_w - 1, area.y, clock, Role::Dim, end);
}

}  // namespace opsdeck::app
