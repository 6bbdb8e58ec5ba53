#pragma once
// The console's main screen as a model + view with no terminal in it: header, four
// titled panes (Instances, Databases, Alarms, Logs) in the adaptive layout (2x2 from 100
// columns, stacked below, one pane zoomed with Enter), status line, key-hint bar, the `?`
// help overlay, the `:` palette and the `/` filter prompt. Keys arrive as KeyEvents, look
// up their command in the view's CommandTable (command_table.hpp: the view's own commands
// and those the live console adds) and every handler returns what changed; render()
// draws everything into a CellGrid, so tests drive it without a terminal. UI thread only.

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/console/command_table.hpp"
#include "app/console/command_palette.hpp"
#include "app/console/console_screen.hpp"
#include "app/console/header_bar.hpp"
#include "app/console/pane.hpp"
#include "widgets/help_overlay.hpp"
#include "widgets/json_view.hpp"
#include "widgets/key_event.hpp"
#include "widgets/key_map.hpp"
#include "widgets/outcome.hpp"
#include "widgets/prompt.hpp"
#include "widgets/status_line.hpp"

namespace opsdeck::app {

enum PaneId : int { kInstancesPane, kDatabasesPane, kAlarmsPane, kLogsPane, kPaneCount };

// The row the operator has selected: in the focused pane, or in the top screen.
struct ConsoleSelection {
  int pane = -1;  // the pane, or -1 when a screen is on top
  ResourceType type = ResourceType::None;
  std::string key;
  std::string label;
  const nlohmann::json* document = nullptr;  // screens only; panes' documents live in LiveConsole
};

class ConsoleView {
 public:
  explicit ConsoleView(HeaderInfo header);

  ui::Outcome on_key(const ui::KeyEvent& e);
  // `clock` is preformatted; `spinner_frame` advances the header spinner.
  void render(ui::CellGrid& grid, const std::string& clock, int spinner_frame, bool ascii);

  Pane& pane(int id) { return panes_[static_cast<std::size_t>(id)]; }
  int focus() const { return focus_; }
  int zoomed() const { return zoomed_; }
  // Zooms pane `id` (focusing it); -1 leaves the zoom.
  void zoom_pane(int id) { zoomed_ = id < 0 ? -1 : (focus_pane(id), id); }
  HeaderInfo& header() { return header_; }
  ui::StatusLine& status() { return status_; }
  // Every key command and its handler (command_table.hpp); keys() is its key map, which the
  // config's "keys" rebind.
  CommandTable& commands() { return commands_; }
  ui::KeyMap& keys() { return commands_.keys(); }
  CommandPalette& palette() { return palette_; }

  // Runs a palette command (":theme dark") through its handler in the command table.
  // Unknown commands, a missing argument and commands with no handler yet are reported in
  // the status line.
  ui::Outcome run_command(std::string_view line);
  // Shows a document over the panes (the detail view): coloured JSON, j/k/g/G/PgUp/PgDn,
  // `/` to search, n/N for the next/previous match, Esc or q to close.
  void show_detail(std::string title, const nlohmann::json& document);
  bool detail_open() const { return detail_open_; }
  // Screens pushed over the panes (see app/console/console_screen.hpp). Esc pops the top.
  void push_screen(std::shared_ptr<ConsoleScreen> screen);
  void pop_screen();
  ConsoleScreen* top_screen() const { return screens_.empty() ? nullptr : screens_.back().get(); }
  std::size_t screen_depth() const { return screens_.size(); }
  // The table the navigation and filter keys act on: the top screen's, else the focused pane's.
  ui::Table& active_table();
  ConsoleSelection selection();

  // Marks that a view, prompt or dialog just closed: for kSettle, keys of commands that
  // leave the console or change something (ConsoleCommand::held_after_close) are held with
  // "press it again" instead of run. Called by the view itself (Esc, a prompt's Enter) and
  // by the overlays' owner when a dialog closes.
  void settle();
  static constexpr std::chrono::milliseconds kSettle{400};
  // The clock settle() reads (tests step it).
  void set_clock(std::function<std::chrono::steady_clock::time_point()> now) { now_ = std::move(now); }

  // Set by the app: puts text on the terminal's clipboard (OSC 52 through the screen).
  // Unset (tests, no terminal): `y` says there is nowhere to copy to. UI thread.
  std::function<void(const std::string&)> on_copy;

  // Set by the app: Enter on a zoomed pane opens the selected row (pane id, row key), e.g.
  // by calling show_detail with the resource's document; on the Alarms pane also when not
  // zoomed (the triage menu). Runs on the UI thread.
  std::function<ui::Outcome(int pane, const std::string& row_key)> on_open;


 private:
  void add_view_commands();
  void add_palette_vocabulary();
  ui::Outcome run_key_command(const std::string& name);
  ui::Outcome zoom_or_open();
  ui::Outcome back();
  ui::Outcome on_mouse(const ui::KeyEvent& e);
  ui::Outcome on_prompt_key(const ui::KeyEvent& e);
  ui::Outcome on_detail_key(const ui::KeyEvent& e);
  void focus_pane(int id);
  // The tabbed layout's bar: every pane's title and row count, the focused one selected.
  void render_tabs(ui::CellGrid& grid, ui::Rect bar, bool ascii);

  HeaderInfo header_;
  std::vector<Pane> panes_;
  std::vector<std::shared_ptr<ConsoleScreen>> screens_;
  int focus_ = 0;
  int zoomed_ = -1;
  CommandTable commands_;
  ui::StatusLine status_;
  ui::HelpOverlay help_;
  CommandPalette palette_{commands_};
  ui::Prompt command_prompt_{":"};
  ui::Prompt filter_prompt_{"/"};
  std::string filter_before_;  // restored when the filter prompt is cancelled
  bool detail_open_ = false;
  std::string detail_title_;
  std::vector<ui::Rect> tab_areas_;  // the tab bar's tabs when the layout is tabbed, else empty
  ui::JsonView detail_;
  ui::Prompt search_prompt_{"/"};
  std::function<std::chrono::steady_clock::time_point()> now_ = [] { return std::chrono::steady_clock::now(); };
  std::chrono::steady_clock::time_point settled_at_{};  // until then, held commands wait
};

}  // namespace opsdeck::app
