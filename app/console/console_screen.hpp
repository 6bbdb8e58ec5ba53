#pragma once
// A full view pushed over the console's four panes (k9s-style drill-down): the ECS
// browser, SQS queues, parameters, alarm detail, runbooks, ... ConsoleView keeps a stack
// of them (push_screen / pop_screen); the top one is drawn between the header and the
// status line and gets the keys first. What it does not handle falls through to the
// console's key map, so j/k/g/G/PgUp/PgDn, sorting and the `/` filter act on table() and
// `:`, `?`, `d`, `q` and the action keys keep working; Esc pops the screen (after
// clearing a filter).
//
// Threads: UI thread only. Ownership: ConsoleView holds screens by shared_ptr, so async
// work captures a weak_ptr and drops its result when the screen was closed meanwhile.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/resources/resource_type.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/help_overlay.hpp"
#include "widgets/key_hint_bar.hpp"
#include "widgets/outcome.hpp"
#include "widgets/table.hpp"

namespace opsdeck::app {

class ConsoleScreen {
 public:
  virtual ~ConsoleScreen() = default;

  virtual std::string title() const = 0;
  // Keys the screen handles itself, before the console's key map; Ignored passes them on.
  virtual ui::Outcome on_key(const ui::KeyEvent&) { return ui::Outcome::Ignored; }
  // The table the console's navigation, sort and filter keys act on; nullptr: none.
  virtual ui::Table* table() { return nullptr; }
  // Enter: open the selected row (drill down, a detail). Ignored: nothing to open.
  virtual ui::Outcome open_selected() { return ui::Outcome::Ignored; }
  // The selected row as a resource, for `d` and the action keys.
  virtual ResourceType selected_type() const { return ResourceType::None; }
  virtual std::string selected_key() const { return ""; }
  virtual std::string selected_label() const { return selected_key(); }
  virtual const nlohmann::json* selected_document() const { return nullptr; }
  // What `y` copies: the selected resource's id (an instance id, a queue URL, a name).
  virtual std::string selected_id() const { return selected_key(); }
  // Draws the screen into `area` (the space between the header and the status line).
  virtual void render(ui::CellGrid& grid, ui::Rect area, bool ascii) = 0;
  // Extra hints for the key-hint bar while the screen is on top.
  virtual std::vector<ui::KeyHint> hints() const { return {}; }
  // The screen's own keys for the `?` help (listed first, under "this view: <title>");
  // by default its hints.
  virtual std::vector<ui::HelpEntry> help() const {
    std::vector<ui::HelpEntry> entries;
    for (const ui::KeyHint& h : hints()) entries.push_back({h.key, h.label});
    return entries;
  }
  // Called before each frame while on top.
  virtual void before_render() {}
  // Asks for fresh data (after an action changed something, or keep_fresh's timer).
  virtual void refresh() {}
  // True while a load it started has not answered (keep_fresh waits for it).
  virtual bool busy() const { return false; }
};

}  // namespace opsdeck::app
