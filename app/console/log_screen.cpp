#include "app/console/log_screen.hpp"

#include <chrono>
#include <filesystem>
#include <utility>

#include "app/logs/time_spec.hpp"

namespace opsdeck::app {

LogScreen::LogScreen(LogBufferLimits limits) : own_(limits), buffer_(own_), source_(buffer_), view_(source_) {}

LogScreen::LogScreen(std::shared_ptr<const LogBuffer> store)
    : own_(LogBufferLimits{.max_lines = 1, .max_bytes = 0, .max_line_bytes = 0, .block_bytes = 0}),
      shown_(std::move(store)),
      buffer_(*shown_),
      source_(buffer_),
      view_(source_) {}

void LogScreen::add_events(const std::vector<LogEvent>& events) {
  if (!owns_buffer()) return;
  for (const auto& e : events) {
    const auto src = own_.intern_source(e.group + "/" + e.stream);
    own_.append(e.timestamp_ms, src, e.message);
  }
  view_.refresh();
}

void LogScreen::clear() {
  if (owns_buffer()) own_.clear();
  view_.refresh();
}

void LogScreen::refresh() { view_.refresh(); }

void LogScreen::ask(Ask what, const char* label) {
  ask_ = what;
  prompt_ = ui::Prompt(label);
  prompt_.start();
}

void LogScreen::submit(const std::string& text) {
  std::string error;
  message_.clear();
  switch (ask_) {
    case Ask::Search:
      // Following: the newest match above the bottom; paused: the next one below the cursor.
      if (!view_.set_search(text, &error)) {
        message_ = error;
      } else if (!text.empty()) {
        const bool found = view_.following() ? view_.search_prev() : view_.search_next();
        if (!found) message_ = "no match for " + text;
      }
      break;
    case Ask::Include:
      if (!text.empty() && !view_.add_include(text, &error)) message_ = error;
      break;
    case Ask::Exclude:
      if (!text.empty() && !view_.add_exclude(text, &error)) message_ = error;
      break;
    case Ask::Jump: {
      auto t =
          parse_time_point(text, buffer_.empty() ? 0 : buffer_.at(buffer_.size() - 1).timestamp_ms);
      if (!t)
        message_ = t.error().message;
      else if (!view_.jump_to_time(*t))
        message_ = "no line at or after " + text;
      break;
    }
    case Ask::Save: {
      ask_ = Ask::None;
      if (text.empty()) return;
      std::filesystem::path p(text);
      if (p.is_relative() && !save_dir_.empty()) p = std::filesystem::path(save_dir_) / p;
      save_to(p.string(), ui::SaveMode::CreateNew);
      return;
    }
    case Ask::Overwrite:
    case Ask::None:
      break;
  }
  ask_ = Ask::None;
}

void LogScreen::save_to(const std::string& path, ui::SaveMode mode) {
  std::string error;
  switch (view_.save(path, std::nullopt, mode, &error)) {
    case ui::SaveResult::Saved:
      message_ = "saved " + std::to_string(view_.visible_count()) + " lines to " + path;
      break;
    case ui::SaveResult::Exists:
      overwrite_path_ = path;
      ask_ = Ask::Overwrite;
      break;
    case ui::SaveResult::Failed:
      message_ = "not saved: " + error;
      break;
  }
}

void LogScreen::answer_overwrite(const ui::KeyEvent& key) {
  ask_ = Ask::None;
  const std::string path = std::exchange(overwrite_path_, {});
  if (key.is_char('y') || key.is_char('Y'))
    save_to(path, ui::SaveMode::Replace);
  else
    message_ = "not saved: " + path + " exists (left unchanged)";
}

ui::Outcome LogScreen::handle_key(const ui::KeyEvent& key) {
  if (ask_ == Ask::Overwrite) {
    answer_overwrite(key);
    return ui::Outcome::Redraw;
  }
  if (ask_ != Ask::None) {
    prompt_.handle_key(key);
    if (prompt_.state() == ui::Prompt::State::Submitted)
      submit(prompt_.text());
    else if (prompt_.state() == ui::Prompt::State::Cancelled)
      ask_ = Ask::None;
    return ui::Outcome::Redraw;
  }
  if (key.is_char('/'))
    ask(Ask::Search, "/");
  else if (key.is_char('i'))
    ask(Ask::Include, "include: ");
  else if (key.is_char('x'))
    ask(Ask::Exclude, "exclude: ");
  else if (key.is_char('@'))
    ask(Ask::Jump, "jump to time: ");
  else if (key.is_char('S'))
    ask(Ask::Save, "save to file: ");
  else if (key.is_char('X')) {
    view_.clear_filters();
    message_ = "filters cleared";
  } else if (key.is_char('+') || key.is_char('-')) {
    context_ = std::max(0, context_ + (key.is_char('+') ? 1 : -1));
    view_.set_context_lines(context_);
    message_ = "context lines: " + std::to_string(context_);
  } else if (!view_.handle_key(key)) {
    return ui::Outcome::Ignored;
  }
  return ui::Outcome::Redraw;
}

void LogScreen::draw(ui::CellGrid& grid, ui::Rect area, std::int64_t now_ms) {
  if (area.w <= 0 || area.h <= 0) return;
  grid.fill({area.x, area.y, area.w, 1}, " ", ui::Role::Title);
  const std::string head = " Logs " + group_ + "  (" + std::to_string(buffer_.size()) + " lines)";
  grid.put(area.x, area.y, head, ui::Role::Title, area.x + area.w);
  const std::string keys = "/ search  i/x filter  @ time  S save  Esc back ";
  const int kw = static_cast<int>(keys.size());
  if (static_cast<int>(head.size()) + kw + 2 < area.w)
    grid.put(area.x + area.w - kw, area.y, keys, ui::Role::Dim, area.x + area.w);
  const bool bottom = ask_ != Ask::None || !message_.empty();
  const int body_h = area.h - 1 - (bottom ? 1 : 0);
  if (body_h > 0) view_.draw(grid, {area.x, area.y + 1, area.w, body_h}, now_ms);
  if (!bottom || area.h < 2) return;
  const ui::Rect last{area.x, area.y + area.h - 1, area.w, 1};
  grid.fill(last, " ", ui::Role::Default);
  if (ask_ == Ask::Overwrite)
    grid.put(last.x, last.y, overwrite_path_ + " exists: overwrite? y/N", ui::Role::StatusWarn, last.x + last.w);
  else if (ask_ != Ask::None)
    prompt_.render(grid, last);
  else
    grid.put(last.x, last.y, message_, ui::Role::StatusInfo, last.x + last.w);
}

void LogScreen::render(ui::CellGrid& grid, ui::Rect area, bool /*ascii*/) {
  using namespace std::chrono;
  draw(grid, area, duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::vector<ui::KeyHint> LogScreen::hints() const {
  return {{"p", "pause"}, {"/", "search"}, {"n/N", "next"}, {"i/x", "filter"},
          {"w", "wrap"},  {"t", "time"},   {"J", "json"},   {"S", "save"}};
}

std::vector<ui::HelpEntry> LogScreen::help() const {
  return {{"j k <pgup> <pgdn>", "Scroll (pauses the follow)"},
          {"g / G f", "Oldest line / newest line and follow again"},
          {"p <space>", "Pause or resume following (new lines are counted while paused)"},
          {"/  n N", "Search, next / previous match"},
          {"i  x  X", "Show only lines matching / hide lines matching / clear filters"},
          {"+ -", "More / fewer context lines around filter matches"},
          {"@", "Jump to a time: 15m (ago) or 2026-11-21T10:42 (UTC)"},
          {"<enter>", "Expand the line under the cursor"},
          {"w", "Wrap long lines"},
          {"t", "Timestamps: UTC, local, relative, off"},
          {"J", "JSON lines: raw, pretty, key fields"},
          {"c  s", "Field columns / source (group and stream) column"},
          {"S", "Save the lines shown to a new file (asks before replacing one)"},
          {"<esc>", "Close the log view"}};
}

}  // namespace opsdeck::app
