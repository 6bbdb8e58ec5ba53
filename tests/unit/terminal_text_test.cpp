// Headless text output: hostile runbook text and remote output must print inert, whole or in
// chunks split anywhere.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <random>
#include <string>
#include <vector>

#include "app/terminal_text.hpp"

using namespace opsdeck::app;

namespace {

// Strict UTF-8 decoding; false on any invalid sequence.
bool decode(const std::string& s, std::vector<char32_t>& out) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return false;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return true;
}

bool dangerous(char32_t cp) {
  if (cp == '\n' || cp == '\t') return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
         (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0xAD ||
         cp == 0x2028 || cp == 0x2029 || (cp >= 0xE0000 && cp <= 0xE007F);
}

// Valid UTF-8 with nothing a terminal interprets and nothing invisible.
::testing::AssertionResult inert(const std::string& s) {
  std::vector<char32_t> cps;
  if (!decode(s, cps)) return ::testing::AssertionFailure() << "invalid UTF-8 in: " << s;
  for (char32_t cp : cps)
    if (dangerous(cp))
      return ::testing::AssertionFailure() << "U+" << std::hex << static_cast<unsigned>(cp) << " in: " << s;
  return ::testing::AssertionSuccess();
}

// What a remote host or a runbook could send.
const std::vector<std::string>& hostile() {
  static const std::vector<std::string> corpus = {
      "echo hello\rrm -rf /",
      "echo hello\x1b[2K\x1b[1Grm -rf /",
      "echo hello\b\b\b\b\b\b\b\b\b\brm -rf / \x07\x7f",
      std::string("nul\0byte", 8),
      "\x1b]0;pwned\x07title \x1b]52;c;cm0gLXJmIC8=\x1b\\clip",
      "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
      "\x1bP+q544e\x1b\\ dcs \x1b_Gf=100;AAAA\x1b\\ apc",
      "unterminated \x1b]0;osc\nsecond line\tcol\r\n",
      "\x1b[8mhidden\x1b[0m \x1b[?1049h\x1b(0lqk\x1b#8\x1b" "c",
      "c1 \xC2\x9B" "2J \xC2\x9D" "0;t\xC2\x9C \xC2\x85 raw \x9b" "2J \x90 \x9f",
      "bidi \xE2\x80\xAE" "gnp.exe \xE2\x81\xA6x\xE2\x81\xA9 \xE2\x80\x8E\xE2\x80\x8F\xD8\x9C \xE2\x80\xAA\xE2\x80\xAD",
      "zw rm\xE2\x80\x8B -rf \xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0\xEF\xBB\xBF\xC2\xAD \xF3\xA0\x81\x81\xF3\xA0\x81\xBF",
      "sep \xE2\x80\xA8 \xE2\x80\xA9 \xEF\xBF\xB9 \xE1\xA0\x8E",
      "utf8 日本 café 🚀 \xF0\x9F\x91\xA8",
      "invalid \xFF\xC0\xAF \xE2\x82 \xED\xA0\x80 \xF4\x90\x80\x80 \xE0\x80\x80 end\xE2",
      "crlf\r\n\r\r\n\r\rx\r",
      "\x1b\x1b[A\x1b\x9b\x1b\xC2\x9B" "6n\x1b",
      "\x1b[12;\xE2\x80\xAE" "1H\x1b]0;\xC2\x9B" "2J\x1b[",
  };
  return corpus;
}

}  // namespace

TEST(NeutraliseText, PlainTextNewlinesAndTabsPassUnchanged) {
  EXPECT_EQ(neutralise_text("Will run:\n  echo hello\tworld\n"), "Will run:\n  echo hello\tworld\n");
  EXPECT_EQ(neutralise_text("日本 café 🚀"), "日本 café 🚀");
  EXPECT_EQ(neutralise_text(""), "");
}

TEST(NeutraliseText, CarriageReturnCannotHideWhatRuns) {
  // The attack: a terminal would show only "rm -rf /" overwritten by... or the reverse.
  EXPECT_EQ(neutralise_text("echo hello\rrm -rf /"), "echo hello␍rm -rf /");
  EXPECT_EQ(neutralise_text("rm -rf /\recho hello"), "rm -rf /␍echo hello");
  // CR LF is a line ending; CR CR LF shows the first CR.
  EXPECT_EQ(neutralise_text("a\r\nb\r\r\nc\r"), "a\nb␍\nc␍");
}

TEST(NeutraliseText, BackspaceBellDelNulAreVisible) {
  EXPECT_EQ(neutralise_text("rm -rf /\b\b\b\b\b\b\b\bls"), "rm -rf /␈␈␈␈␈␈␈␈ls");
  EXPECT_EQ(neutralise_text(std::string("a\0b\x07\x7f", 5)), "a␀b␇␡");
  EXPECT_EQ(neutralise_text("\x0b\x0c\x1a"), "␋␌␚");
}

TEST(NeutraliseText, EscapeSequencesAreShownNotInterpreted) {
  EXPECT_EQ(neutralise_text("echo hello\x1b[2K\x1b[1Grm -rf /"), "echo hello␛[2K␛[1Grm -rf /");
  EXPECT_EQ(neutralise_text("\x1b[8mhidden\x1b[0m"), "␛[8mhidden␛[0m");
  EXPECT_EQ(neutralise_text("\x1b]0;pwned\x07"), "␛]0;pwned␇");
  EXPECT_EQ(neutralise_text("\x1b]52;c;cm0=\x1b\\"), "␛]52;c;cm0=␛\\");
}

TEST(NeutraliseText, UnterminatedOscEndsAtTheLineInsteadOfSwallowingIt) {
  EXPECT_EQ(neutralise_text("\x1b]0;t\nnext\tline"), "␛]0;t\nnext\tline");
  EXPECT_EQ(neutralise_text("\x1b]0;a\tb\x07"), "␛]0;a\tb␇");
}

TEST(NeutraliseText, C1ControlsBothAsUtf8AndAsRawBytes) {
  EXPECT_EQ(neutralise_text("a\xC2\x9B" "2Jb"), "a\\x9b2Jb");
  EXPECT_EQ(neutralise_text("\xC2\x85"), "\\x85");
  EXPECT_EQ(neutralise_text("a\x9b" "2J"), "a\uFFFD2J");  // a raw CSI byte is invalid UTF-8
  EXPECT_EQ(neutralise_text("\x80\x9f"), "\uFFFD\uFFFD");
}

TEST(NeutraliseText, BidiControlsAreVisible) {
  EXPECT_EQ(neutralise_text("echo \xE2\x80\xAE" "olleh"), "echo <U+202E>olleh");
  for (char32_t cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C}) {
    std::string in;
    if (cp < 0x800) {
      in += static_cast<char>(0xC0 | (cp >> 6));
      in += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      in += static_cast<char>(0xE0 | (cp >> 12));
      in += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      in += static_cast<char>(0x80 | (cp & 0x3F));
    }
    char want[16];
    std::snprintf(want, sizeof want, "<U+%04X>", static_cast<unsigned>(cp));
    EXPECT_EQ(neutralise_text(in), want);
  }
}

TEST(NeutraliseText, InvisibleCharactersAreVisible) {
  EXPECT_EQ(neutralise_text("rm\xE2\x80\x8B -rf"), "rm<U+200B> -rf");
  EXPECT_EQ(neutralise_text("\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0\xEF\xBB\xBF\xC2\xAD"),
            "<U+200C><U+200D><U+2060><U+FEFF><U+00AD>");
  EXPECT_EQ(neutralise_text("\xF3\xA0\x81\x81"), "<U+E0041>");  // a tag character (ASCII smuggling)
  EXPECT_EQ(neutralise_text("\xE2\x80\xA8\xE2\x80\xA9"), "<U+2028><U+2029>");
}

TEST(NeutraliseText, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(neutralise_text("\xFF ok \xE2\x82"), "\uFFFD ok \uFFFD\uFFFD");
}

TEST(NeutraliseText, EveryHostileStringComesOutInert) {
  for (const auto& s : hostile()) EXPECT_TRUE(inert(neutralise_text(s))) << s;
}

TEST(NeutraliseText, EveryByteValueAloneAndAfterEscIsInert) {
  for (int b = 0; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    EXPECT_TRUE(inert(neutralise_text(one))) << b;
    EXPECT_TRUE(inert(neutralise_text("\x1b" + one))) << b;
    EXPECT_TRUE(inert(neutralise_text("\x1b]" + one))) << b;
    EXPECT_TRUE(inert(neutralise_text("\xC2" + one))) << b;
  }
}

TEST(StreamNeutraliser, EverySplitPointGivesTheWholeResult) {
  for (const auto& s : hostile()) {
    const std::string whole = neutralise_text(s);
    for (std::size_t i = 0; i <= s.size(); ++i) {
      StreamNeutraliser n;
      std::string a = n.feed(std::string_view(s).substr(0, i));
      EXPECT_TRUE(inert(a)) << "split " << i << " of " << s;
      std::string b = n.feed(std::string_view(s).substr(i));
      EXPECT_TRUE(inert(b)) << "split " << i << " of " << s;
      std::string c = n.finish();
      EXPECT_EQ(a + b + c, whole) << "split at " << i << " of " << s;
    }
  }
}

TEST(StreamNeutraliser, EveryPairOfSplitPointsGivesTheWholeResult) {
  for (const auto& s : hostile()) {
    const std::string whole = neutralise_text(s);
    for (std::size_t i = 0; i <= s.size(); ++i) {
      for (std::size_t j = i; j <= s.size(); ++j) {
        StreamNeutraliser n;
        std::string out = n.feed(s.substr(0, i));
        out += n.feed(s.substr(i, j - i));
        out += n.feed(s.substr(j));
        out += n.finish();
        ASSERT_EQ(out, whole) << "splits " << i << "," << j << " of " << s;
      }
    }
  }
}

TEST(StreamNeutraliser, ByteByByteGivesTheWholeResult) {
  for (const auto& s : hostile()) {
    StreamNeutraliser n;
    std::string out;
    for (char c : s) {
      out += n.feed(std::string_view(&c, 1));
      EXPECT_TRUE(inert(out));
    }
    EXPECT_EQ(out + n.finish(), neutralise_text(s)) << s;
  }
}

TEST(StreamNeutraliser, HoldsBackAtMostThreeBytes) {
  // Output keeps flowing: after any chunk, the only bytes not yet shown are an incomplete
  // character (at most 3 bytes) or one CR, and they show up once finish() is called.
  for (const auto& s : hostile()) {
    for (std::size_t i = 0; i <= s.size(); ++i) {
      StreamNeutraliser n;
      std::string shown = n.feed(s.substr(0, i));
      std::string held = n.finish();
      EXPECT_EQ(shown + held, neutralise_text(s.substr(0, i)));
      std::size_t k = 0;
      while (k <= 3 && k <= i && neutralise_text(s.substr(0, i - k)) != shown) ++k;
      EXPECT_LE(k, 3u) << "split " << i << " of " << s;
    }
  }
}

TEST(StreamNeutraliser, ACompleteCharacterIsNotHeldBack) {
  StreamNeutraliser n;
  EXPECT_EQ(n.feed("caf\xC3"), "caf");
  EXPECT_EQ(n.feed("\xA9 "), "é ");
  EXPECT_EQ(n.feed("\xF0\x9F"), "");
  EXPECT_EQ(n.feed("\x9A\x80"), "🚀");
  EXPECT_EQ(n.feed("line\r"), "line");
  EXPECT_EQ(n.feed("\nnext\r"), "\nnext");
  EXPECT_EQ(n.feed("x"), "␍x");
  EXPECT_EQ(n.feed("\xE2\x80"), "");
  EXPECT_EQ(n.finish(), "\uFFFD\uFFFD");
  EXPECT_EQ(n.finish(), "");
  EXPECT_EQ(n.feed("again"), "again");  // reusable after finish()
}

TEST(StreamNeutraliser, RandomChunksOfHostileFragmentsMatchTheWhole) {
  std::mt19937 rng(20240611);
  const std::vector<std::string> fragments = {
      "\x1b", "[", "]", "2J", ";", "\x07", "\\", "\r", "\n", "\t", "\xC2", "\x9B", "\xE2\x80", "\xAE", "\xF0\x9F\x9A",
      "\x80", "a", "日", "\xEF\xBB\xBF", "P", "\xFF", "\b", "\x7f", "0", "\xC2\x9C"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    int parts = static_cast<int>(rng() % 24);
    for (int i = 0; i < parts; ++i) s += fragments[rng() % fragments.size()];
    StreamNeutraliser n;
    std::string out;
    for (std::size_t pos = 0; pos < s.size();) {
      std::size_t len = std::min<std::size_t>(s.size() - pos, 1 + rng() % 6);
      out += n.feed(std::string_view(s).substr(pos, len));
      pos += len;
    }
    out += n.finish();
    ASSERT_EQ(out, neutralise_text(s)) << testing::PrintToString(s);
    ASSERT_TRUE(inert(out));
  }
}

TEST(OutputMode, RawOnlyWhenAskedAndNotATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  EXPECT_EQ(output_mode_for(true, slave), OutputMode::Neutralised) << "a TTY always gets the neutraliser";
  EXPECT_EQ(output_mode_for(false, slave), OutputMode::Neutralised);
  EXPECT_EQ(output_mode_for(false, p[1]), OutputMode::Neutralised) << "raw is never the default";
  EXPECT_EQ(output_mode_for(true, p[1]), OutputMode::Raw);
  EXPECT_EQ(text_for_output(OutputMode::Raw, "a\x1b[2J"), "a\x1b[2J");
  EXPECT_EQ(text_for_output(OutputMode::Neutralised, "a\x1b[2J"), "a␛[2J");
  for (int fd : {master, slave, p[0], p[1]}) ::close(fd);
}

TEST(JsonDumpSafe, EscapesBidiAndControlsAndSurvivesInvalidUtf8) {
  nlohmann::json j = {{"cmd", "echo \xE2\x80\xAE" "olleh\x1b[2J\xE2\x80\x8B"}, {"name", "café"}};
  std::string out = json_dump_safe(j, -1);
  EXPECT_NE(out.find("\\u202e"), std::string::npos) << out;
  EXPECT_NE(out.find("\\u200b"), std::string::npos) << out;
  EXPECT_NE(out.find("\\u001b[2J"), std::string::npos) << out;
  EXPECT_NE(out.find("caf\\u00e9"), std::string::npos) << out;
  for (char c : out) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F) << out;
  EXPECT_EQ(nlohmann::json::parse(out), j);  // still the same JSON

  nlohmann::json bad = {{"out", "ok \xFF\x9B" "2J"}};
  EXPECT_THROW((void)bad.dump(), nlohmann::json::type_error);  // why the safe form exists
  std::string safe = json_dump_safe(bad, 2);
  EXPECT_NE(safe.find("ok \\ufffd"), std::string::npos) << safe;
  EXPECT_NE(safe.find("\n  \"out\""), std::string::npos) << safe;  // indent honoured
}

TEST(JsonDumpSafe, OrderedJsonKeepsKeyOrderAndIsEscapedToo) {
  nlohmann::ordered_json j;
  j["zeta"] = "\xE2\x81\xA6x\xE2\x81\xA9";
  j["alpha"] = "bad \xC0";
  std::string out = json_dump_safe(j, -1);
  EXPECT_EQ(out, R"({"zeta":"\u2066x\u2069","alpha":"bad \ufffd"})");
}
