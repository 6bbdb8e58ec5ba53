#include "widgets/log_view.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "widgets/log_fields.hpp"
#include "widgets/text_sanitizer.hpp"
#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {
namespace {

constexpr int kTsWidth = 12;   // "HH:MM:SS.mmm"
constexpr int kRelWidth = 6;   // "  -12s"
constexpr int kMaxSourceWidth = 24;

std::string_view utf8_cut(std::string_view s, std::size_t n) {
  if (n >= s.size()) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string clock_time(std::int64_t ts_ms, bool local) {
  const std::time_t secs = static_cast<std::time_t>(ts_ms / 1000);
  std::tm tm{};
  if (local) localtime_r(&secs, &tm);
  else gmtime_r(&secs, &tm);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ts_ms % 1000));
}

std::string relative_time(std::int64_t ts_ms, std::int64_t now_ms) {
  std::int64_t d = (now_ms - ts_ms) / 1000;
  const char* sign = d < 0 ? "+" : "-";
  if (d < 0) d = -d;
  std::string v;
  if (d < 60) v = fmt::format("{}{}s", sign, d);
  else if (d < 3600) v = fmt::format("{}{}m", sign, d / 60);
  else if (d < 86400) v = fmt::format("{}{}h", sign, d / 3600);
  else v = fmt::format("{}{}d", sign, d / 86400);
  return fmt::format("{:>6}", v);
}

std::string iso_time(std::int64_t ts_ms) {
  const std::time_t secs = static_cast<std::time_t>(ts_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ts_ms % 1000));
}

const char* ts_mode_name(TimestampMode m) {
  switch (m) {
    case TimestampMode::Utc: return "utc";
    case TimestampMode::Local: return "local";
    case TimestampMode::Relative: return "relative";
    case TimestampMode::Off: return "off";
  }
  return "";
}

}  // namespace

LogView::LogView(const LogViewSource& source) : src_(source) { scanned_to_ = src_.first_seq(); }

// ---- visible lines ---------------------------------------------------------------------

bool LogView::passes(std::string_view text) const {
  if (!includes_.empty() &&
      std::none_of(includes_.begin(), includes_.end(), [&](const TextMatcher& m) { return m.matches(text); }))
    return false;
  return std::none_of(excludes_.begin(), excludes_.end(), [&](const TextMatcher& m) { return m.matches(text); });
}

void LogView::scan_filter(std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t s = from; s < to; ++s) {
    if (passes(src_.line(s).text)) {
      const std::uint64_t lo = s >= static_cast<std::uint64_t>(context_) ? s - static_cast<std::uint64_t>(context_) : 0;
      for (std::uint64_t k = std::max(lo, src_.first_seq()); k < s; ++k)
        if (vis_.empty() || vis_.back() < k) vis_.push_back(k);
      if (vis_.empty() || vis_.back() < s) vis_.push_back(s);
      after_left_ = context_;
    } else if (after_left_ > 0) {
      vis_.push_back(s);
      --after_left_;
    }
  }
}

void LogView::rebuild_filter() {
  vis_.clear();
  after_left_ = 0;
  if (filtered()) scan_filter(src_.first_seq(), src_.end_seq());
  scanned_to_ = src_.end_seq();
}

void LogView::refresh() {
  const std::uint64_t first = src_.first_seq();
  while (!vis_.empty() && vis_.front() < first) vis_.pop_front();
  if (filtered()) scan_filter(std::max(scanned_to_, first), src_.end_seq());
  scanned_to_ = src_.end_seq();
  if (cursor_ < first) cursor_ = first;
  if (top_ < first) top_ = first;
  if (expanded_ && *expanded_ < first) expanded_.reset();
}

std::size_t LogView::visible_count() const {
  return filtered() ? vis_.size() : static_cast<std::size_t>(src_.end_seq() - src_.first_seq());
}

std::uint64_t LogView::vseq(std::size_t i) const { return filtered() ? vis_[i] : src_.first_seq() + i; }

std::size_t LogView::vindex(std::uint64_t seq) const {
  if (filtered()) return static_cast<std::size_t>(std::lower_bound(vis_.begin(), vis_.end(), seq) - vis_.begin());
  return seq <= src_.first_seq() ? 0 : static_cast<std::size_t>(std::min(seq, src_.end_seq()) - src_.first_seq());
}

// ---- moving ----------------------------------------------------------------------------

void LogView::follow() {
  following_ = true;
  expanded_.reset();
}

void LogView::pause() {
  if (!following_) return;
  following_ = false;
  end_at_pause_ = src_.end_seq();
  const std::size_t n = visible_count();
  cursor_ = n ? vseq(n - 1) : src_.end_seq();
  // top_ keeps what the last follow-mode draw showed, so the screen does not jump.
}

std::uint64_t LogView::new_while_paused() const { return following_ ? 0 : src_.end_seq() - end_at_pause_; }

std::optional<std::uint64_t> LogView::cursor() const {
  const std::size_t n = visible_count();
  if (n == 0) return std::nullopt;
  if (following_) return vseq(n - 1);
  return vseq(std::min(vindex(cursor_), n - 1));
}

void LogView::move_cursor(long lines) {
  pause();
  const std::size_t n = visible_count();
  if (n == 0) return;
  long idx = static_cast<long>(std::min(vindex(cursor_), n - 1)) + lines;
  idx = std::clamp(idx, 0L, static_cast<long>(n) - 1);
  cursor_ = vseq(static_cast<std::size_t>(idx));
}

void LogView::page(int pages) { move_cursor(static_cast<long>(pages) * std::max(1, last_height_ - 1)); }

void LogView::to_top() {
  pause();
  if (visible_count()) cursor_ = top_ = vseq(0);
}

bool LogView::jump_to_time(std::int64_t ts_ms) {
  std::size_t lo = 0, hi = visible_count();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (src_.line(vseq(mid)).timestamp_ms < ts_ms) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= visible_count()) return false;
  pause();
  cursor_ = top_ = vseq(lo);
  return true;
}

// ---- search and filters ----------------------------------------------------------------

bool LogView::set_search(const std::string& spec, std::string* error) {
  if (spec.empty()) {
    search_.reset();
    return true;
  }
  auto m = TextMatcher::parse(spec, error);
  if (!m) return false;
  search_ = std::move(m);
  return true;
}

bool LogView::search_from(std::size_t start, int dir) {
  if (!search_) return false;
  const std::size_t n = visible_count();
  for (std::size_t i = start; i < n; i = dir > 0 ? i + 1 : i - 1) {
    if (search_->matches(src_.line(vseq(i)).text)) {
      pause();
      cursor_ = vseq(i);
      return true;
    }
    if (dir < 0 && i == 0) break;
  }
  return false;
}

bool LogView::search_next() {
  pause();
  const std::size_t n = visible_count();
  if (n == 0) return false;
  return search_from(std::min(vindex(cursor_), n - 1) + 1, +1);
}

bool LogView::search_prev() {
  pause();
  const std::size_t idx = vindex(cursor_);
  if (idx == 0 || visible_count() == 0) return false;
  return search_from(std::min(idx, visible_count()) - 1, -1);
}

bool LogView::add_include(const std::string& spec, std::string* error) {
  auto m = TextMatcher::parse(spec, error);
  if (!m) return false;
  includes_.push_back(std::move(*m));
  rebuild_filter();
  return true;
}

bool LogView::add_exclude(const std::string& spec, std::string* error) {
  auto m = TextMatcher::parse(spec, error);
  if (!m) return false;
  excludes_.push_back(std::move(*m));
  rebuild_filter();
  return true;
}

void LogView::clear_filters() {
  includes_.clear();
  excludes_.clear();
  rebuild_filter();
}

void LogView::set_context_lines(int n) {
  context_ = std::max(0, n);
  rebuild_filter();
}

void LogView::set_json_mode(JsonMode m, std::string key) {
  json_mode_ = m;
  if (!key.empty()) json_key_ = std::move(key);
}

void LogView::expand() {
  const auto c = cursor();
  if (!c) return;
  pause();
  cursor_ = *c;
  if (expanded_ == *c) expanded_.reset();
  else expanded_ = *c;
}

// ---- rendering -------------------------------------------------------------------------

std::size_t LogView::prefix_width() const {
  std::size_t w = 0;
  if (ts_mode_ == TimestampMode::Utc || ts_mode_ == TimestampMode::Local) w += kTsWidth + 1;
  if (ts_mode_ == TimestampMode::Relative) w += kRelWidth + 1;
  if (show_fields_) w += 6 + 4 + 8;
  return w;
}

Role LogView::line_role(std::string_view text, const LogFields& fields) const {
  for (const auto& r : rules_)
    if (r.whole_line && r.matcher.matches(text)) return r.role;
  return level_role(fields);
}

void LogView::line_rows(std::uint64_t seq, int body_width, std::vector<Row>& out) const {
  const LogViewLine l = src_.line(seq);
  std::string_view text = l.text;
  bool cut = false;
  if (expanded_ != seq && text.size() > display_cap_) {
    text = utf8_cut(text, display_cap_);
    cut = true;
  }
  // One extraction per line: its colour and, for a JSON line, its readable form.
  const LogFields f = line_fields(l.text);
  const Role role = line_role(l.text, f);
  std::vector<std::string> pieces;
  if (json_mode_ == JsonMode::Fields && !cut) {
    if (f.json) pieces.push_back(readable_line(f, text, true));
  }
  if (json_mode_ == JsonMode::Pretty) pieces = json_pretty_rows(text);
  if (json_mode_ == JsonMode::Key) {
    bool found = false;
    std::string v = json_value_of(text, json_key_, found);
    if (found) pieces.push_back(std::move(v));
  }
  if (pieces.empty()) pieces.emplace_back(text);
  SanitizeOptions so;
  so.tab_width = 4;
  bool first = true;
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    SafeText safe = sanitize_text(pieces[p], so);
    if (cut && p + 1 == pieces.size()) {
      const std::size_t b = safe.text.size();
      safe.text += fmt::format(" … [{} of {} bytes{}]", display_cap_, l.text.size(),
                               l.truncated ? ", cut at 1 MiB" : ", <enter>: all");
      safe.controls.push_back({b, safe.text.size()});
    }
    std::string_view rest = safe.text;
    std::size_t offset = 0;
    do {
      std::string_view chunk = rest;
      if (wrap_ && body_width > 0) {
        chunk = fit_prefix(rest, body_width);
        if (chunk.empty() && !rest.empty()) {  // a wide char wider than the body: take one code point
          std::size_t pos = 0;
          next_codepoint(rest, pos);
          chunk = rest.substr(0, pos);
        }
      }
      Row row{seq, first, role, std::string(chunk), {}};
      for (const auto& c : safe.controls) {
        const std::size_t b = std::max(c.begin, offset), e = std::min(c.end, offset + chunk.size());
        if (b < e) row.controls.push_back({b - offset, e - offset});
      }
      out.push_back(std::move(row));
      first = false;
      rest.remove_prefix(chunk.size());
      offset += chunk.size();
    } while (wrap_ && !rest.empty());
  }
}

void LogView::draw_prefix(CellGrid& g, int x, int y, int max_x, const LogViewLine& l, std::int64_t now_ms) const {
  if (ts_mode_ == TimestampMode::Utc || ts_mode_ == TimestampMode::Local)
    x += g.put(x, y, clock_time(l.timestamp_ms, ts_mode_ == TimestampMode::Local), Role::Dim, max_x) + 1;
  else if (ts_mode_ == TimestampMode::Relative)
    x += g.put(x, y, relative_time(l.timestamp_ms, now_ms), Role::Dim, max_x) + 1;
  if (show_fields_) {
    const LogFields f = line_fields(l.text);
    g.put(x, y, to_string(f.level), Role::Dim, std::min(max_x, x + 5));
    x += 6;
    if (f.status) g.put(x, y, std::to_string(f.status), f.status >= 500 ? Role::LogError : Role::Dim, max_x);
    x += 4;
    g.put(x, y, sanitize_plain(f.latency), Role::Dim, std::min(max_x, x + 7));
  }
}

void LogView::draw(CellGrid& g, Rect area, std::int64_t now_ms) {
  if (area.empty()) return;
  const int h = area.h - 1;  // the last row is the status bar
  last_height_ = std::max(1, h);
  const int pw = static_cast<int>(prefix_width());
  // Source tags: as wide as the widest shown, capped.
  int src_w = 0;
  const int right = area.x + area.w;
  std::vector<Row> rows;
  const std::size_t n = visible_count();
  auto source_width = [&](std::uint64_t seq) {
    if (!show_source_) return;
    src_w = std::max(src_w, std::min(kMaxSourceWidth, display_width(sanitize_plain(src_.line(seq).source))));
  };
  auto body_w = [&] { return std::max(8, area.w - pw - (src_w ? src_w + 1 : 0)); };
  if (n > 0 && h > 0) {
    if (following_) {
      std::size_t i = n;
      std::vector<std::uint64_t> seqs;
      for (int budget = h; i > 0 && budget > 0; --budget) seqs.push_back(vseq(--i));
      for (auto s : seqs) source_width(s);
      // Wrapped lines take several rows: collect from the bottom until the screen is full.
      std::vector<Row> tmp;
      for (auto s : seqs) {
        std::vector<Row> lr;
        line_rows(s, body_w(), lr);
        tmp.insert(tmp.begin(), lr.begin(), lr.end());
        if (static_cast<int>(tmp.size()) >= h) break;
      }
      if (static_cast<int>(tmp.size()) > h) tmp.erase(tmp.begin(), tmp.end() - h);
      rows = std::move(tmp);
      if (!rows.empty()) top_ = rows.front().seq;
    } else {
      std::size_t ci = std::min(vindex(cursor_), n - 1);
      cursor_ = vseq(ci);
      std::size_t ti = std::min(vindex(top_), n - 1);
      if (ti > ci) ti = ci;
      for (std::size_t i = ti; i < n && i < ti + static_cast<std::size_t>(h); ++i) source_width(vseq(i));
      for (;;) {
        rows.clear();
        bool cursor_fits = false;
        for (std::size_t i = ti; i < n && static_cast<int>(rows.size()) < h; ++i) {
          line_rows(vseq(i), body_w(), rows);
          if (i == ci) cursor_fits = static_cast<int>(rows.size()) <= h || i == ti;
        }
        if (cursor_fits || ti >= ci) break;
        ++ti;
      }
      top_ = vseq(ti);
    }
  }
  g.fill({area.x, area.y, area.w, h}, " ", Role::Default);
  Role role = Role::Default;
  for (int r = 0; r < h && r < static_cast<int>(rows.size()); ++r) {
    const Row& row = rows[static_cast<std::size_t>(r)];
    const int y = area.y + r;
    const LogViewLine l = src_.line(row.seq);
    int x = area.x;
    if (row.first) {
      role = row.role;
      draw_prefix(g, x, y, right, l, now_ms);
    }
    x += pw;
    if (src_w) {
      if (row.first) g.put(x, y, fit_prefix(sanitize_plain(l.source), src_w), Role::LogSource, right);
      x += src_w + 1;
    }
    if (x >= right) continue;
    put_safe(g, x, y, SafeText{row.body, row.controls}, role, right);
    auto mark = [&](const TextMatcher& m, Role mr) {
      std::size_t from = 0, b = 0, len = 0;
      while (from <= row.body.size() && m.find(row.body, from, b, len)) {
        const int col = x + display_width(std::string_view(row.body).substr(0, b));
        const int w = std::min(display_width(std::string_view(row.body).substr(b, len)), right - col);
        if (col < right && w > 0) g.set_role(col, y, w, mr);
        from = b + std::max<std::size_t>(len, 1);
      }
    };
    for (const auto& rule : rules_)
      if (!rule.whole_line) mark(rule.matcher, rule.role);
    if (search_) mark(*search_, Role::Match);
    if (!following_ && row.seq == cursor_) g.set_role(area.x, y, area.w, Role::Selected);
  }
  draw_status(g, {area.x, area.y + area.h - 1, area.w, 1});
}

void LogView::draw_status(CellGrid& g, Rect r) const {
  std::string s = following_ ? "● following" : "❚❚ paused";
  if (!following_ && new_while_paused() > 0) s += fmt::format(" +{} new", new_while_paused());
  const std::size_t total = static_cast<std::size_t>(src_.end_seq() - src_.first_seq());
  if (filtered()) s += fmt::format("  {}/{} lines", visible_count(), total);
  else s += fmt::format("  {} lines", total);
  for (const auto& m : includes_) s += "  +" + m.spec();
  for (const auto& m : excludes_) s += "  -" + m.spec();
  if (context_) s += fmt::format("  ctx {}", context_);
  if (search_) s += "  /" + search_->spec();
  s += fmt::format("  ts:{}", ts_mode_name(ts_mode_));
  if (wrap_) s += "  wrap";
  if (json_mode_ == JsonMode::Raw) s += "  json:raw";
  if (json_mode_ == JsonMode::Pretty) s += "  json:pretty";
  if (json_mode_ == JsonMode::Key) s += "  json:" + json_key_;
  g.fill(r, " ", Role::StatusInfo);
  g.put(r.x, r.y, sanitize_plain(s), Role::StatusInfo, r.x + r.w);
}

// ---- keys and saving -------------------------------------------------------------------

bool LogView::handle_key(const KeyEvent& k) {
  if (k.key == Key::Down || k.is_char('j')) move_cursor(1);
  else if (k.key == Key::Up || k.is_char('k')) move_cursor(-1);
  else if (k.key == Key::PageDown || (k.ctrl && k.ch == 'f')) page(1);
  else if (k.key == Key::PageUp || (k.ctrl && k.ch == 'b')) page(-1);
  else if (k.key == Key::Home || k.is_char('g')) to_top();
  else if (k.key == Key::End || k.is_char('G') || k.is_char('f')) follow();
  else if (k.is_char('p') || k.is_char(' ')) following_ ? pause() : follow();
  else if (k.is_char('n')) search_next();
  else if (k.is_char('N')) search_prev();
  else if (k.is_char('w')) wrap_ = !wrap_;
  else if (k.is_char('t')) ts_mode_ = static_cast<TimestampMode>((static_cast<int>(ts_mode_) + 1) % 4);
  else if (k.is_char('J')) json_mode_ = static_cast<JsonMode>((static_cast<int>(json_mode_) + 1) % 4);
  else if (k.is_char('c')) show_fields_ = !show_fields_;
  else if (k.is_char('s')) show_source_ = !show_source_;
  else if (k.key == Key::Enter) expand();
  else return false;
  return true;
}

SaveResult LogView::save(const std::string& path, std::optional<std::pair<std::uint64_t, std::uint64_t>> range,
                         SaveMode mode, std::string* error) const {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return SaveResult::Failed;
  };
  if (path.empty()) return fail("no file name given");
  // What is at the path now, judged without following a symlink.
  auto judge = [&](SaveResult if_regular) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return fail("cannot save to " + path + ": " + std::strerror(errno));
    if (S_ISLNK(st.st_mode)) return fail(path + " is a symbolic link: not following it; choose another name");
    if (S_ISDIR(st.st_mode)) return fail(path + " is a directory: give a file name");
    if (!S_ISREG(st.st_mode)) return fail(path + " is not a regular file: choose another name");
    if (if_regular == SaveResult::Exists && error) *error = path + " exists";
    return if_regular;
  };
  auto write_lines = [&](int fd) {
    std::string buf;
    auto flush = [&] {
      std::size_t off = 0;
      while (off < buf.size()) {
        const ssize_t n = ::write(fd, buf.data() + off, buf.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          if (n == 0) errno = EIO;
          return false;
        }
        off += static_cast<std::size_t>(n);
      }
      buf.clear();
      return true;
    };
    auto add = [&](std::uint64_t s) {
      const LogViewLine l = src_.line(s);
      buf += iso_time(l.timestamp_ms);
      buf += ' ';
      buf += l.source;
      buf += ' ';
      buf += l.text;
      buf += '\n';
      return buf.size() < (64U << 10) || flush();
    };
    if (range) {
      const std::uint64_t a = std::max(range->first, src_.first_seq());
      const std::uint64_t b = std::min(range->second + 1, src_.end_seq());
      for (std::uint64_t s = a; s < b; ++s)
        if (!add(s)) return false;
    } else {
      for (std::size_t i = 0; i < visible_count(); ++i)
        if (!add(vseq(i))) return false;
    }
    return flush();
  };

  struct stat st {};
  const bool exists = ::lstat(path.c_str(), &st) == 0;
  if (exists && (mode == SaveMode::CreateNew || !S_ISREG(st.st_mode)))
    return judge(SaveResult::Exists);

  if (!exists) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) return mode == SaveMode::Replace ? save(path, range, mode, error) : judge(SaveResult::Exists);
      return fail("cannot create " + path + ": " + std::strerror(errno));
    }
    const bool written = write_lines(fd);
    const int e = errno;
    if (::close(fd) != 0 || !written) {
      ::unlink(path.c_str());
      return fail("cannot write " + path + ": " + std::strerror(written ? errno : e));
    }
    return SaveResult::Saved;
  }

  // Replace an existing regular file: a temp file in the same directory, renamed over it.
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);  // 0600, O_EXCL
  if (fd < 0) return fail("cannot create a temp file next to " + path + ": " + std::strerror(errno));
  const bool written = write_lines(fd);
  const int e = errno;
  if (::close(fd) != 0 || !written) {
    const int why = written ? errno : e;
    ::unlink(tmp.c_str());
    return fail("cannot write " + path + " (left unchanged): " + std::strerror(why));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int why = errno;
    ::unlink(tmp.c_str());
    return fail(why == EISDIR ? path + " is a directory: give a file name"
                              : "cannot replace " + path + ": " + std::strerror(why));
  }
  return SaveResult::Saved;
}

}  // namespace opsdeck::ui
