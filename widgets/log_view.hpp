#pragma once
// LogView: the scrolling log widget of the Logs pane and the full-screen log view. Draws a
// LogViewSource into a CellGrid; knows nothing of AWS, SSH or curses.
//
// - follow (bottom pinned) and pause (position kept; lines arriving meanwhile counted);
//   moving up pauses, G / f follows again;
// - a cursor line (paused), scrolling, jump to a time (binary search on timestamps);
// - search with highlight and n / N; include / exclude filters (substring or /regex/,
//   smart case) with optional context lines; highlight rules (ERROR, WARN, 5xx + custom);
// - wrap toggle; timestamps UTC / local / relative / off; JSON lines as level, message and
//   fields (the default), raw, pretty, or one key;
//   level / status / latency columns from JSON, nginx and ALB lines;
// - lines longer than `display_cap` bytes are cut for display with a marker; expand()
//   shows the cursor line in full (up to the store's 1 MiB);
// - every byte of text goes through the sanitiser (controls and escapes made visible,
//   invalid UTF-8 -> U+FFFD); save() writes the raw lines to a file (never through a
//   symlink, never over an existing file unless asked to).
//
// Threads: UI thread only. Call refresh() after the source changed, then draw().

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "widgets/cell_grid.hpp"
#include "widgets/key_event.hpp"
#include "widgets/log_fields.hpp"
#include "widgets/log_view_source.hpp"
#include "widgets/role.hpp"
#include "widgets/text_matcher.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::ui {

enum class TimestampMode { Utc, Local, Relative, Off };
// How JSON lines are shown: Fields "[LEVEL ]message  key=value ..." (readable_line),
// Raw as written, Pretty indented over several rows, Key one field's value. `J` cycles.
enum class JsonMode { Fields, Raw, Pretty, Key };

// How LogView::save treats a file that already exists at the path, and what it did.
enum class SaveMode { CreateNew, Replace };
enum class SaveResult { Saved, Exists, Failed };

struct HighlightRule {
  TextMatcher matcher;
  Role role = Role::Match;
  bool whole_line = false;  // colour the line (levels) or only the match
};

class LogView {
 public:
  explicit LogView(const LogViewSource& source);

  // Takes in lines appended/evicted since the last call.
  void refresh();
  // Draws the lines and a one-row status bar at the bottom of `area`. `now_ms` drives the
  // relative timestamps.
  void draw(CellGrid& grid, Rect area, std::int64_t now_ms);
  // Keys handled here (j k arrows pgup pgdn g G f p n N w t J c s <enter>); false when the
  // key is not the view's (the screen handles / i x : S and the rest).
  bool handle_key(const KeyEvent& key);

  // Follow / pause.
  bool following() const { return following_; }
  void follow();
  void pause();
  std::uint64_t new_while_paused() const;

  // Moving. Positive = down. Moving up pauses.
  void move_cursor(long lines);
  void page(int pages);
  void to_top();
  // Cursor to the first visible line at or after `ts_ms` (pauses). False when none.
  bool jump_to_time(std::int64_t ts_ms);
  std::optional<std::uint64_t> cursor() const;

  // Search (empty spec clears).
  bool set_search(const std::string& spec, std::string* error = nullptr);
  bool search_next();
  bool search_prev();

  // Filters; context lines are kept around include matches.
  bool add_include(const std::string& spec, std::string* error = nullptr);
  bool add_exclude(const std::string& spec, std::string* error = nullptr);
  void clear_filters();
  void set_context_lines(int n);
  std::size_t visible_count() const;

  void add_highlight(HighlightRule rule) { rules_.push_back(std::move(rule)); }

  // Display toggles.
  void set_wrap(bool on) { wrap_ = on; }
  bool wrap() const { return wrap_; }
  void set_timestamp_mode(TimestampMode m) { ts_mode_ = m; }
  TimestampMode timestamp_mode() const { return ts_mode_; }
  void set_json_mode(JsonMode m, std::string key = {});
  void set_show_fields(bool on) { show_fields_ = on; }
  void set_show_source(bool on) { show_source_ = on; }
  void set_display_cap(std::size_t bytes) { display_cap_ = bytes; }
  // Shows the cursor line in full (toggle).
  void expand();

  // Writes raw lines "ISO-TIME SOURCE TEXT\n": the visible lines (filters applied), or the
  // inclusive seq range. The path is never followed when it is a symlink, and a directory,
  // a symlink or any other non-regular file there is refused (Failed, `error` says why).
  // A new file is created 0600 (O_EXCL). An existing regular file is left alone unless
  // `mode` is Replace (Exists, nothing written): Replace writes a temp file (0600) in the
  // same directory and renames it over the old one, so a failed save leaves the old file
  // whole and a hard link to some other file is never written through.
  SaveResult save(const std::string& path, std::optional<std::pair<std::uint64_t, std::uint64_t>> range,
                  SaveMode mode = SaveMode::CreateNew, std::string* error = nullptr) const;

 private:
  struct Row {
    std::uint64_t seq;
    bool first;         // first row of its line (carries the prefix)
    Role role;          // the line's colour (highlight rules, else its level or status)
    std::string body;   // sanitised text of this row
    std::vector<ControlSpan> controls;
  };

  bool filtered() const { return !includes_.empty() || !excludes_.empty(); }
  bool passes(std::string_view text) const;
  void rebuild_filter();
  void scan_filter(std::uint64_t from, std::uint64_t to);
  std::uint64_t vseq(std::size_t i) const;
  std::size_t vindex(std::uint64_t seq) const;  // first visible index with seq >= given
  std::size_t prefix_width() const;
  void line_rows(std::uint64_t seq, int body_width, std::vector<Row>& out) const;
  void draw_prefix(CellGrid& g, int x, int y, int max_x, const LogViewLine& l, std::int64_t now_ms) const;
  Role line_role(std::string_view text, const LogFields& fields) const;
  void draw_status(CellGrid& g, Rect r) const;
  bool search_from(std::size_t start, int dir);

  const LogViewSource& src_;
  bool following_ = true;
  std::uint64_t cursor_ = 0, top_ = 0;  // seqs (paused)
  std::uint64_t end_at_pause_ = 0;
  int last_height_ = 20;

  std::vector<TextMatcher> includes_, excludes_;
  int context_ = 0;
  std::deque<std::uint64_t> vis_;  // filtered: visible seqs, ascending
  std::uint64_t scanned_to_ = 0;
  int after_left_ = 0;             // context lines still to add after the last match

  std::optional<TextMatcher> search_;
  std::vector<HighlightRule> rules_;
  bool wrap_ = false;
  TimestampMode ts_mode_ = TimestampMode::Utc;
  JsonMode json_mode_ = JsonMode::Fields;
  std::string json_key_ = "message";
  bool show_fields_ = false;
  bool show_source_ = true;
  std::size_t display_cap_ = 4096;
  std::optional<std::uint64_t> expanded_;
};

}  // namespace opsdeck::ui
