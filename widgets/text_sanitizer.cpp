#include "widgets/text_sanitizer.hpp"

#include <cstdio>

#include "widgets/unicode_width.hpp"

namespace opsdeck::ui {

namespace {

constexpr char32_t kEsc = 0x1B;

bool is_c1(char32_t cp) { return cp >= 0x80 && cp <= 0x9F; }
bool is_bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}
// Format characters that draw nothing (or, for U+2028/U+2029, whatever the terminal likes).
bool is_invisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || cp == 0x00AD || cp == 0x180E ||
         cp == 0x2028 || cp == 0x2029 || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         (cp >= 0xE0000 && cp <= 0xE007F);
}
// Everything that is shown in its visible form rather than drawn as itself.
bool needs_visible_form(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || is_c1(cp) || is_bidi_control(cp) || is_invisible(cp);
}

// Builds the output: tracks the display column (for tab stops) and the control spans.
class Writer {
 public:
  Writer(SafeText& out, const SanitizeOptions& o) : out_(out), opt_(o), col_(o.start_column) {}

  void text(char32_t cp) {
    append_utf8(out_.text, cp);
    col_ += codepoint_width(cp);
  }
  // Printable ASCII (0x20-0x7E): drawn as itself, one column each.
  void ascii(std::string_view run) {
    out_.text.append(run);
    col_ += static_cast<int>(run.size());
  }
  void newline() {
    out_.text.push_back('\n');
    col_ = 0;
  }
  void raw_tab() {
    out_.text.push_back('\t');
    col_ += 8 - (col_ % 8);
  }
  void tab() {
    int tw = opt_.tab_width;
    int n = tw - (col_ % tw);
    out_.text.append(static_cast<std::size_t>(n), ' ');
    col_ += n;
  }
  // Visible form of one control code point (never a raw control).
  void control(char32_t cp) {
    begin_control();
    if (cp == kEsc) {
      text(0x241B);  // ␛
    } else if (cp < 0x20) {
      text(0x2400 + cp);  // ␀..␟
    } else if (cp == 0x7F) {
      text(0x2421);  // ␡
    } else {
      char buf[16];
      auto u = static_cast<unsigned>(cp);
      int n = is_c1(cp) ? std::snprintf(buf, sizeof buf, "\\x%02x", u)
                        : std::snprintf(buf, sizeof buf, "<U+%04X>", u);
      for (int i = 0; i < n; ++i) text(static_cast<unsigned char>(buf[i]));
    }
    end_control();
  }
  // A printable character that is part of an escape sequence.
  void sequence_char(char32_t cp) {
    begin_control();
    text(cp);
    end_control();
  }

 private:
  void begin_control() {
    std::size_t pos = out_.text.size();
    if (!out_.controls.empty() && out_.controls.back().end == pos) return;  // extend
    out_.controls.push_back({pos, pos});
  }
  void end_control() { out_.controls.back().end = out_.text.size(); }

  SafeText& out_;
  const SanitizeOptions& opt_;
  int col_;
};

// What kind of sequence an introducer starts.
enum class Seq { None, Csi, String, Escape };

Seq seq_after_esc(char32_t next) {
  switch (next) {
    case '[': return Seq::Csi;
    case ']': case 'P': case 'X': case '^': case '_': return Seq::String;
    default: return Seq::Escape;
  }
}

Seq seq_for_c1(char32_t cp) {
  switch (cp) {
    case 0x9B: return Seq::Csi;
    case 0x9D: case 0x90: case 0x98: case 0x9E: case 0x9F: return Seq::String;
    default: return Seq::None;
  }
}

class Sanitizer {
 public:
  Sanitizer(std::string_view raw, const SanitizeOptions& o, SafeText& out)
      : raw_(raw), opt_(o), w_(out, o) {}

  void run() {
    while (pos_ < raw_.size()) {
      // Most text is printable ASCII: copied a run at a time, not decoded.
      std::size_t end = pos_;
      while (end < raw_.size() && raw_[end] >= 0x20 && raw_[end] <= 0x7E) ++end;
      if (end > pos_) {
        w_.ascii(raw_.substr(pos_, end - pos_));
        pos_ = end;
        continue;
      }
      char32_t cp = next();
      if (cp == kEsc) {
        escape();
      } else if (is_c1(cp)) {
        w_.control(cp);
        sequence_body(seq_for_c1(cp));
      } else {
        plain(cp);
      }
    }
  }

 private:
  char32_t next() { return next_codepoint(raw_, pos_); }
  char32_t peek() const {
    std::size_t p = pos_;
    return p < raw_.size() ? next_codepoint(raw_, p) : 0xFFFFFFFF;
  }

  void plain(char32_t cp) {
    if (cp == '\t' && opt_.keep_tabs) return w_.raw_tab();
    if (cp == '\t' && opt_.tab_width > 0) return w_.tab();
    if (cp == '\n' && opt_.keep_newlines) return w_.newline();
    if (needs_visible_form(cp)) return w_.control(cp);
    w_.text(cp);
  }

  // Shows one character inside a sequence: printable ones as themselves, controls visibly.
  void inside(char32_t cp) {
    if (cp == '\t' && opt_.keep_tabs) w_.raw_tab();
    else if (needs_visible_form(cp)) w_.control(cp);
    else w_.sequence_char(cp);
  }

  void escape() {
    w_.control(kEsc);
    escape_after_marker();
  }

  void escape_after_marker() {
    if (pos_ >= raw_.size()) return;
    char32_t n = peek();
    if (n < 0x20 || n >= 0x7F) return;  // lone ESC; the next character stands alone
    next();
    w_.sequence_char(n);
    sequence_body(seq_after_esc(n));
  }

  void sequence_body(Seq kind) {
    switch (kind) {
      case Seq::None: return;
      case Seq::Csi: return csi();
      case Seq::String: return string_body();
      case Seq::Escape: return escape_tail();
    }
  }

  // Parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E. Anything else ends it.
  void csi() {
    while (pos_ < raw_.size()) {
      char32_t c = peek();
      if (c >= 0x20 && c <= 0x3F) {
        next();
        w_.sequence_char(c);
      } else if (c >= 0x40 && c <= 0x7E) {
        next();
        w_.sequence_char(c);
        return;
      } else {
        return;
      }
    }
  }

  // nF escapes: intermediates 0x20-0x2F then one final byte (ESC ( B, ESC # 8 ...).
  void escape_tail() {
    char32_t prev = raw_.empty() ? 0 : static_cast<unsigned char>(raw_[pos_ - 1]);
    if (prev < 0x20 || prev > 0x2F) return;  // two-byte escape (ESC c, ESC 7) is complete
    while (pos_ < raw_.size()) {
      char32_t c = peek();
      if (c < 0x20 || c > 0x7E) return;
      next();
      w_.sequence_char(c);
      if (c >= 0x30) return;
    }
  }

  // OSC / DCS / SOS / PM / APC: runs to BEL, ST (ESC \) or C1 ST (0x9C), all shown.
  void string_body() {
    while (pos_ < raw_.size()) {
      char32_t c = next();
      if (c == 0x07 || c == 0x9C) {
        w_.control(c);
        return;
      }
      if (c == '\n' && opt_.keep_newlines) {  // the line ends; so does the shown sequence
        w_.newline();
        return;
      }
      if (c == kEsc) {
        w_.control(kEsc);
        if (peek() == '\\') {
          next();
          w_.sequence_char('\\');
        } else {
          escape_after_marker();  // ESC cancels the string and starts a new sequence
        }
        return;
      }
      inside(c);
    }
  }

  std::string_view raw_;
  const SanitizeOptions& opt_;
  Writer w_;
  std::size_t pos_ = 0;
};

}  // namespace

SafeText sanitize_text(std::string_view raw, const SanitizeOptions& options) {
  SafeText out;
  out.text.reserve(raw.size());
  Sanitizer(raw, options, out).run();
  return out;
}

std::string sanitize_plain(std::string_view raw, const SanitizeOptions& options) {
  return sanitize_text(raw, options).text;
}

int put_safe(CellGrid& grid, int x, int y, const SafeText& safe, Role role, int max_x) {
  std::string_view t = safe.text;
  int col = x;
  std::size_t at = 0;
  auto draw = [&](std::size_t b, std::size_t e, Role r) {
    if (b < e) col += grid.put(col, y, t.substr(b, e - b), r, max_x);
  };
  for (const ControlSpan& s : safe.controls) {
    draw(at, s.begin, role);
    draw(s.begin, s.end, Role::Control);
    at = s.end;
  }
  draw(at, t.size(), role);
  return col - x;
}

}  // namespace opsdeck::ui
