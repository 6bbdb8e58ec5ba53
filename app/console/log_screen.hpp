#pragma once
// LogScreen: the console's full-screen log view, a ConsoleScreen pushed over the panes with
// `L` (or Enter on the zoomed Logs pane). It wraps the ui::LogView widget over a LogBuffer:
// either its own (fed with add_events(), as the runbook step output is) or a store it only
// reads (the console's one store of the followed group, LiveLogs, which the Logs pane
// reads too), so opening it shows every line held and keeps following as the owner of the
// store appends and calls refresh(). Keys it does not handle fall through to the console
// (q, ?, d, Esc pops).
//
// Keys: everything ui::LogView handles (j k arrows pgup pgdn g G f p/space n N w t J c s
// <enter>), plus prompts drawn on the last row:
//   /  search (highlight, then n / N)      i  include filter      x  exclude filter
//   X  clear filters                       @  jump to a time ("10m" before the newest
//   S  save the visible lines to a file       line, or ISO "2026-11-21T10:00")
//   +/- context lines around include matches
// Esc cancels an open prompt; otherwise Esc is not handled here (the screen stack pops).
//
// Saving (S) never follows a symlink and never replaces a file silently: a new file is
// created 0600; when the file exists the bottom row asks "X exists: overwrite? y/N" and
// only y replaces it (ui::LogView::save, SaveMode::Replace); any other key cancels with a
// message. A directory or a symlink as the target is refused with a message.
//
// Threads: UI thread only (constructed, fed, drawn and destroyed there).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/logs/log_buffer.hpp"
#include "app/logs/log_buffer_view_source.hpp"
#include "app/logs/log_event.hpp"
#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/log_view.hpp"
#include "widgets/outcome.hpp"
#include "widgets/prompt.hpp"

namespace opsdeck::app {

class LogScreen final : public ConsoleScreen {
 public:
  explicit LogScreen(LogBufferLimits limits = {});
  // Shows `store` (appended to by its owner only; the screen keeps it alive).
  explicit LogScreen(std::shared_ptr<const LogBuffer> store);
  LogScreen(const LogScreen&) = delete;
  LogScreen& operator=(const LogScreen&) = delete;

  // The followed log group(s), shown in the title ("/app/api").
  void set_group(std::string group) { group_ = std::move(group); }
  const std::string& group() const { return group_; }
  // Appends events (already deduplicated and in display order) as "group/stream" lines to
  // the screen's own buffer; ignored when the screen shows a store it does not own.
  void add_events(const std::vector<LogEvent>& events);
  // Keeps `owned` alive as long as the screen: what feeds its own buffer (a follower that
  // stops when the screen is closed). Destroyed before the buffer.
  void keep_alive(std::shared_ptr<void> owned) { kept_.push_back(std::move(owned)); }
  // Drops every line of its own buffer (a new group is followed).
  void clear();
  // ConsoleScreen: the buffer changed (lines appended, evicted or cleared); the view follows.
  void refresh() override;

  // Redraw when the key changed something; Ignored for keys not handled (Esc, q, ...).
  ui::Outcome handle_key(const ui::KeyEvent& key);
  // Title row, the log view, and the prompt or the last message on the bottom row.
  void draw(ui::CellGrid& grid, ui::Rect area, std::int64_t now_ms);

  // ConsoleScreen: keys, and drawing with the wall clock (relative timestamps).
  std::string title() const override { return "Logs " + group_; }
  ui::Outcome on_key(const ui::KeyEvent& key) override { return handle_key(key); }
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override;
  std::vector<ui::HelpEntry> help() const override;

  bool prompting() const { return ask_ != Ask::None; }
  // True while "X exists: overwrite? y/N" waits for its one key.
  bool confirming_overwrite() const { return ask_ == Ask::Overwrite; }
  // The last result of a prompt ("saved 120 lines to /tmp/x", "bad regex ..."), or "".
  const std::string& message() const { return message_; }
  const std::string& save_dir() const { return save_dir_; }
  // Relative paths given to S are resolved here (default: the current directory).
  void set_save_dir(std::string dir) { save_dir_ = std::move(dir); }
  ui::LogView& view() { return view_; }
  const LogBuffer& buffer() const { return buffer_; }
  bool owns_buffer() const { return &buffer_ == &own_; }

 private:
  enum class Ask { None, Search, Include, Exclude, Jump, Save, Overwrite };
  void ask(Ask what, const char* label);
  void submit(const std::string& text);
  // Saves the visible lines to `path`; an existing file turns into the overwrite question.
  void save_to(const std::string& path, ui::SaveMode mode);
  void answer_overwrite(const ui::KeyEvent& key);

  LogBuffer own_;
  std::shared_ptr<const LogBuffer> shown_;  // the store shown, when not own_
  const LogBuffer& buffer_;                 // own_ or *shown_
  LogBufferViewSource source_;
  ui::LogView view_;
  ui::Prompt prompt_;
  Ask ask_ = Ask::None;
  int context_ = 0;
  std::string group_;
  std::string message_;
  std::string save_dir_;
  std::string overwrite_path_;  // the file the overwrite question is about
  std::vector<std::shared_ptr<void>> kept_;  // last: destroyed first (keep_alive)
};

}  // namespace opsdeck::app
