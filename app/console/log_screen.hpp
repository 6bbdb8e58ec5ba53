#pragma once
// LogScreen: the console's full-screen log view. It wraps the ui::LogView widget over its
// own LogBuffer and is fed the same LogEvents as the Logs pane (LiveConsole posts each
// batch to both), so opening it shows what the pane has seen and keeps following.
//
// Keys: everything ui::LogView handles (j k arrows pgup pgdn g G f p/space n N w t J c s
// <enter>), plus prompts drawn on the last row:
//   /  search (highlight, then n / N)      i  include filter      x  exclude filter
//   X  clear filters                       @  jump to a time ("10m" before the newest
//   S  save the visible lines to a file       line, or ISO "2026-11-21T10:00")
//   +/- context lines around include matches
// Esc cancels an open prompt; otherwise Esc is not handled here (the screen stack pops).
//
// Threads: UI thread only (constructed, fed, drawn and destroyed there).

#include <cstdint>
#include <string>
#include <vector>

#include "app/logs/log_buffer.hpp"
#include "app/logs/log_buffer_view_source.hpp"
#include "app/logs/log_event.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/log_view.hpp"
#include "widgets/outcome.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::app {

class LogScreen {
 public:
  explicit LogScreen(LogBufferLimits limits = {});
  LogScreen(const LogScreen&) = delete;
  LogScreen& operator=(const LogScreen&) = delete;

  // What the title row shows ("/app/api").
  void set_title(std::string title) { title_ = std::move(title); }
  const std::string& title() const { return title_; }
  // Appends events (already deduplicated and in display order) as "group/stream" lines.
  void add_events(const std::vector<LogEvent>& events);
  // Drops every line (a new group is followed).
  void clear();

  // Redraw when the key changed something; Ignored for keys not handled (Esc, q, ...).
  ui::Outcome handle_key(const ui::KeyEvent& key);
  // Title row, the log view, and the prompt or the last message on the bottom row.
  void draw(ui::CellGrid& grid, ui::Rect area, std::int64_t now_ms);

  bool prompting() const { return ask_ != Ask::None; }
  // The last result of a prompt ("saved 120 lines to /tmp/x", "bad regex ..."), or "".
  const std::string& message() const { return message_; }
  const std::string& save_dir() const { return save_dir_; }
  // Relative paths given to S are resolved here (default: the current directory).
  void set_save_dir(std::string dir) { save_dir_ = std::move(dir); }
  ui::LogView& view() { return view_; }
  const LogBuffer& buffer() const { return buffer_; }

 private:
  enum class Ask { None, Search, Include, Exclude, Jump, Save };
  void ask(Ask what, const char* label);
  void submit(const std::string& text);

  LogBuffer buffer_;
  LogBufferViewSource source_;
  ui::LogView view_;
  ui::Prompt prompt_;
  Ask ask_ = Ask::None;
  int context_ = 0;
  std::string title_;
  std::string message_;
  std::string save_dir_;
};

}  // namespace opsdeck::app
