#pragma once
// A one-line editor for the `:` command palette and the `/` filter: cursor movement
// (Left/Right, Home/End, Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U (kill to start), Ctrl-W
// (kill word), history (Up/Down), and completion through a hook (Tab: complete to the
// longest common prefix; again: cycle through the candidates). Enter submits (and adds to
// history), Esc cancels. The cursor is drawn as a reversed cell (curses' own cursor stays
// hidden). UI thread only; the completion hook runs on the UI thread.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/outcome.hpp"

namespace opsdeck::ui {

class Prompt {
 public:
  enum class State { Editing, Submitted, Cancelled };
  using Completer = std::function<std::vector<std::string>(std::string_view text)>;

  explicit Prompt(std::string label = ":") : label_(std::move(label)) {}

  void start(std::string_view initial = {});
  void set_completer(Completer c) { completer_ = std::move(c); }
  // Masked: the text is drawn as one '*' per character and never kept in the history
  // (for secret values).
  void set_masked(bool masked) { masked_ = masked; }
  Outcome handle_key(const KeyEvent& e);
  State state() const { return state_; }
  bool active() const { return state_ == State::Editing; }
  const std::string& text() const { return text_; }
  const std::string& label() const { return label_; }
  const std::vector<std::string>& history() const { return history_; }
  const std::vector<std::string>& candidates() const { return candidates_; }

  // Draws "label text" with the cursor; candidates (if any) after the text, dimmed.
  void render(CellGrid& grid, Rect area) const;

 private:
  void insert(char32_t cp);
  void complete();
  std::size_t prev_boundary(std::size_t pos) const;
  std::size_t next_boundary(std::size_t pos) const;

  std::string label_;
  bool masked_ = false;
  std::string text_;
  std::size_t cursor_ = 0;  // byte offset, always on a character boundary
  State state_ = State::Cancelled;
  std::vector<std::string> history_;
  std::size_t history_pos_ = 0;
  std::string draft_;  // the unsent line while browsing history
  Completer completer_;
  std::vector<std::string> candidates_;
  std::size_t cycle_ = 0;
  bool cycling_ = false;
};

}  // namespace opsdeck::ui
