#include "app/console/console_keys.hpp"

namespace opsdeck::app {

ui::KeyMap default_console_keys() {
  ui::KeyMap m;
  auto g = [&](const char* key, const char* cmd, const char* desc, const char* hint = "") {
    m.bind({key, cmd, desc, "global", hint});
  };
  auto t = [&](const char* key, const char* cmd, const char* desc) { m.bind({key, cmd, desc, "table", ""}); };
  g("<tab>", "focus-next", "Focus the next pane", "pane");
  g("<s-tab>", "focus-prev", "Focus the previous pane");
  g("<enter>", "zoom", "Zoom the focused pane (open when zoomed)", "zoom");
  g("<esc>", "back", "Back: leave zoom, clear the filter", "back");
  g("/", "filter", "Filter rows: text, /regex/ or ~regex, ! inverts", "filter");
  g(":", "palette", "Command palette (:ec2 :rds :alarms :logs ...)", "command");
  g("?", "help", "This help", "help");
  g("q", "quit", "Quit", "quit");
  g("<c-c>", "quit", "Quit");
  t("j", "table.down", "Next row");
  t("<down>", "table.down", "Next row");
  t("k", "table.up", "Previous row");
  t("<up>", "table.up", "Previous row");
  t("g", "table.top", "First row");
  t("<home>", "table.top", "First row");
  t("G", "table.bottom", "Last row");
  t("<end>", "table.bottom", "Last row");
  t("<pgdn>", "table.page-down", "Page down");
  t("<pgup>", "table.page-up", "Page up");
  t("<c-d>", "table.half-down", "Half a page down");
  t("<c-u>", "table.half-up", "Half a page up");
  t(">", "table.sort-next", "Sort by the next column");
  t("<", "table.sort-prev", "Sort by the previous column");
  t("^", "table.sort-reverse", "Reverse the sort order");
  return m;
}

}  // namespace opsdeck::app
