// The escape-injection corpus: every way remote text could try to drive the terminal.
#include <gtest/gtest.h>

#include <string>

#include "widgets/cell_grid.hpp"
#include "widgets/text_sanitizer.hpp"

using namespace opsdeck::ui;

namespace {

// No byte a terminal would interpret: C0, DEL, and the UTF-8 encodings of C1 (C2 80..9F).
bool is_inert(const std::string& s, bool allow_newline = false) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' && allow_newline) continue;
    if (c < 0x20 || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size()) {
      auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9F) return false;
    }
  }
  return true;
}

std::string controls_of(const SafeText& t) {
  std::string out;
  for (const auto& s : t.controls) out += "[" + t.text.substr(s.begin, s.end - s.begin) + "]";
  return out;
}

}  // namespace

TEST(TextSanitizer, PlainTextPassesUnchanged) {
  SafeText t = sanitize_text("GET /api/v1 200 日本 café");
  EXPECT_EQ(t.text, "GET /api/v1 200 日本 café");
  EXPECT_TRUE(t.controls.empty());
}

TEST(TextSanitizer, CsiClearScreenIsShownNotInterpreted) {
  SafeText t = sanitize_text("a\x1b[2Jb");
  EXPECT_EQ(t.text, "a␛[2Jb");
  EXPECT_EQ(controls_of(t), "[␛[2J]");
}

TEST(TextSanitizer, SgrColourAndCursorMovesAreVisible) {
  EXPECT_EQ(sanitize_plain("\x1b[31;1mred\x1b[0m"), "␛[31;1mred␛[0m");
  EXPECT_EQ(sanitize_plain("\x1b[10;20H\x1b[?1049h"), "␛[10;20H␛[?1049h");
}

TEST(TextSanitizer, OscTitleAndClipboardRunToTheirTerminator) {
  SafeText t = sanitize_text("x\x1b]0;pwned\x07y");
  EXPECT_EQ(t.text, "x␛]0;pwned␇y");
  EXPECT_EQ(controls_of(t), "[␛]0;pwned␇]");
  // OSC 52 (write the clipboard) with ST terminator.
  EXPECT_EQ(sanitize_plain("\x1b]52;c;ZWNobyBoaQ==\x1b\\ok"), "␛]52;c;ZWNobyBoaQ==␛\\ok");
  // OSC 8 hyperlinks are not honoured either.
  EXPECT_EQ(sanitize_plain("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"),
            "␛]8;;http://evil␛\\click␛]8;;␛\\");
}

TEST(TextSanitizer, DcsAndApcStringsAreInert) {
  EXPECT_EQ(sanitize_plain("\x1bP+q544e\x1b\\"), "␛P+q544e␛\\");
  EXPECT_EQ(sanitize_plain("\x1b_Gf=100;AAAA\x1b\\"), "␛_Gf=100;AAAA␛\\");
}

TEST(TextSanitizer, UnterminatedOscCannotSwallowLaterControls) {
  SafeText t = sanitize_text("\x1b]0;title\r\n\x1b[2J");
  EXPECT_TRUE(is_inert(t.text));
  EXPECT_EQ(t.text, "␛]0;title␍␊␛[2J");
}

TEST(TextSanitizer, C0ControlsBecomeControlPictures) {
  EXPECT_EQ(sanitize_plain(std::string("a\0b", 3)), "a␀b");
  EXPECT_EQ(sanitize_plain("bell\x07 bs\x08 cr\r lf\n del\x7f"), "bell␇ bs␈ cr␍ lf␊ del␡");
}

TEST(TextSanitizer, NewlinesCanBeKept) {
  SanitizeOptions o;
  o.keep_newlines = true;
  EXPECT_EQ(sanitize_plain("one\ntwo\r\n", o), "one\ntwo␍\n");
}

TEST(TextSanitizer, C1ControlsAreShownAsHex) {
  // U+009B is the one-byte CSI: it must not act as one.
  SafeText t = sanitize_text("a\xC2\x9B" "2Jb");
  EXPECT_EQ(t.text, "a\\x9b2Jb");
  EXPECT_EQ(controls_of(t), "[\\x9b2J]");
  EXPECT_EQ(sanitize_plain("\xC2\x9D" "0;t\xC2\x9C" "z"), "\\x9d0;t\\x9cz");
  EXPECT_EQ(sanitize_plain("\xC2\x85"), "\\x85");  // NEL
}

TEST(TextSanitizer, RawC1BytesAreInvalidUtf8) {
  EXPECT_EQ(sanitize_plain("a\x9b" "2J"), "a\xEF\xBF\xBD" "2J");
}

TEST(TextSanitizer, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(sanitize_plain("\xFF\xC0\xAF ok \xE2\x82"), "\uFFFD\uFFFD\uFFFD ok \uFFFD\uFFFD");
  EXPECT_EQ(sanitize_plain("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
}

TEST(TextSanitizer, BidiOverridesAreVisible) {
  EXPECT_EQ(sanitize_plain("user\xE2\x80\xAE" "gnp.exe"), "user<U+202E>gnp.exe");
  EXPECT_EQ(sanitize_plain("\xE2\x81\xA6x\xE2\x81\xA9"), "<U+2066>x<U+2069>");
}

TEST(TextSanitizer, TabsExpandToTabStops) {
  EXPECT_EQ(sanitize_plain("a\tb"), "a       b");
  EXPECT_EQ(sanitize_plain("日本\tx"), "日本    x");
  SanitizeOptions o;
  o.tab_width = 4;
  o.start_column = 2;
  EXPECT_EQ(sanitize_plain("\tx", o), "  x");
  o.tab_width = 0;
  EXPECT_EQ(sanitize_plain("\tx", o), "␉x");
}

// Printable ASCII is copied a run at a time: the runs still count toward tab stops, and the
// controls between them keep their visible forms and spans.
TEST(TextSanitizer, AsciiRunsCountTowardTabStopsAndControlSpans) {
  EXPECT_EQ(sanitize_plain("abc\tdef\t日\tx"), "abc     def     日      x");
  EXPECT_EQ(sanitize_plain("ab\x7f" "cd"), "ab␡cd");
  EXPECT_EQ(sanitize_plain("a\x80z"), "a\uFFFDz");  // a stray continuation byte
  SafeText t = sanitize_text("ab\x1b[1mcd\x01");
  EXPECT_EQ(t.text, "ab␛[1mcd␁");
  ASSERT_EQ(t.controls.size(), 2u);
  EXPECT_EQ(t.controls[0], (ControlSpan{2, 8}));  // "␛" is 3 bytes, "[1m" 3
  EXPECT_EQ(t.controls[1], (ControlSpan{10, 13}));
}

TEST(TextSanitizer, OtherEscapesAndTruncatedSequences) {
  EXPECT_EQ(sanitize_plain("\x1b" "c"), "␛c");            // full reset
  EXPECT_EQ(sanitize_plain("\x1b(0lqk"), "␛(0lqk");       // line-drawing charset switch
  EXPECT_EQ(sanitize_plain("\x1b#8"), "␛#8");             // screen alignment test
  EXPECT_EQ(sanitize_plain("end\x1b"), "end␛");
  EXPECT_EQ(sanitize_plain("\x1b[12"), "␛[12");
  EXPECT_EQ(sanitize_plain("\x1b\x1b[A"), "␛␛[A");
}

TEST(TextSanitizer, CorpusIsAlwaysInert) {
  const std::string corpus[] = {
      "\x1b[2J\x1b[H",       "\x1b]2;\x07",           "\x1b[6n",
      "\x1b[>c",             "\x1bP$q\"p\x1b\\",      "\x1b[?1000h\x1b[?1006h",
      "\x1b[4i",             "\x1b[8m hidden",        "\x1b[200~paste\x1b[201~",
      "\x1b]1337;File=:AA\x07", "\x07\x07\x07",       "\x1b[3;1;1t",
      "\xC2\x9B" "6n",       "\x1b]0;\xC2\x9B" "2J",  std::string("\x1b\0[", 3),
  };
  for (const auto& c : corpus) {
    SafeText t = sanitize_text(c);
    EXPECT_TRUE(is_inert(t.text)) << t.text;
    EXPECT_FALSE(t.controls.empty()) << t.text;
  }
}

TEST(TextSanitizer, PutSafeDrawsControlsInControlRole) {
  CellGrid g(12, 1);
  SafeText t = sanitize_text("a\x1b[1mb");
  EXPECT_EQ(put_safe(g, 0, 0, t, Role::LogInfo), 6);
  EXPECT_EQ(g.row_text(0), "a␛[1mb");
  EXPECT_EQ(g.at(0, 0).role, Role::LogInfo);
  EXPECT_EQ(g.at(1, 0).role, Role::Control);
  EXPECT_EQ(g.at(4, 0).role, Role::Control);
  EXPECT_EQ(g.at(5, 0).role, Role::LogInfo);
}

TEST(TextSanitizer, BidiMarksAreVisible) {
  EXPECT_EQ(sanitize_plain("a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d"), "a<U+200E>b<U+200F>c<U+061C>d");
  SafeText t = sanitize_text("x\xE2\x80\x8Fy");
  EXPECT_EQ(controls_of(t), "[<U+200F>]");
}

TEST(TextSanitizer, InvisibleCharactersAreVisible) {
  // "rm" and "r<ZWSP>m" must not look the same.
  EXPECT_EQ(sanitize_plain("r\xE2\x80\x8Bm"), "r<U+200B>m");
  EXPECT_EQ(sanitize_plain("\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0\xE2\x81\xA4\xEF\xBB\xBF\xC2\xAD"),
            "<U+200C><U+200D><U+2060><U+2064><U+FEFF><U+00AD>");
  EXPECT_EQ(sanitize_plain("\xE1\xA0\x8E\xE2\x80\xA8\xE2\x80\xA9\xEF\xBF\xB9\xE2\x81\xAA"),
            "<U+180E><U+2028><U+2029><U+FFF9><U+206A>");
  EXPECT_EQ(sanitize_plain("\xF3\xA0\x80\x81\xF3\xA0\x81\xBF"), "<U+E0001><U+E007F>");  // tag characters
  // Neighbours that are ordinary text stay as they are.
  EXPECT_EQ(sanitize_plain("\xE2\x80\x8A|\xE2\x80\x90|\xC2\xA0|\xEF\xBB\xBE"), "\xE2\x80\x8A|\xE2\x80\x90|\xC2\xA0|\xEF\xBB\xBE");
}

TEST(TextSanitizer, TabsCanBeKept) {
  SanitizeOptions o;
  o.keep_tabs = true;
  EXPECT_EQ(sanitize_plain("a\tb", o), "a\tb");
  EXPECT_EQ(sanitize_plain("\x1b]0;a\tb\x07", o), "␛]0;a\tb␇");
}

TEST(TextSanitizer, AKeptNewlineEndsAnUnterminatedString) {
  SanitizeOptions o;
  o.keep_newlines = true;
  SafeText t = sanitize_text("\x1b]0;title\nnext \x1b[1m", o);
  EXPECT_EQ(t.text, "␛]0;title\nnext ␛[1m");
  EXPECT_EQ(controls_of(t), "[␛]0;title][␛[1m]");
  EXPECT_TRUE(is_inert(t.text, true));
}
