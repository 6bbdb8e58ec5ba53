// The simdjson reader of FilterLogEvents / GetLogEvents pages (aws/log_events_reader.hpp)
// against the nlohmann parser it replaced (tests/support/log_events_reference.hpp): over
// generated pages (escapes, unicode, empty pages, missing and mistyped members, duplicates,
// huge messages) and hostile bytes (mutations, truncations, nesting at the depth limit),
// both must give the same page, or the same error (kind, message, operation, hint).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "aws/json_document.hpp"
#include "aws/logs.hpp"
#include "tests/support/log_events_reference.hpp"

namespace opsdeck::aws {
namespace {

using testing::reference_filter_log_events;
using testing::reference_get_log_events;

// The body with non-printable bytes escaped, cut to a readable length, for failure messages.
std::string shown(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size() && out.size() < 400; ++i) {
    auto c = static_cast<unsigned char>(body[i]);
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  if (out.size() >= 400) out += fmt::format("... ({} bytes)", body.size());
  return out;
}

void expect_same_result(const Result<LogEventsPage>& want, const Result<LogEventsPage>& got, std::string_view body,
                        const char* path) {
  SCOPED_TRACE(fmt::format("{} reader, body: {}", path, shown(body)));
  ASSERT_EQ(want.ok(), got.ok()) << (want.ok() ? "reference parsed it; new reader: " + got.error().message
                                               : "reference refused it (" + want.error().message +
                                                     "); new reader parsed it");
  if (!want.ok()) {
    EXPECT_EQ(got.error().kind, want.error().kind);
    EXPECT_EQ(got.error().message, want.error().message);
    EXPECT_EQ(got.error().operation, want.error().operation);
    EXPECT_EQ(got.error().hint, want.error().hint);
    return;
  }
  ASSERT_EQ(got->events.size(), want->events.size());
  for (std::size_t i = 0; i < want->events.size(); ++i) {
    const auto& w = want->events[i];
    const auto& g = got->events[i];
    EXPECT_EQ(g.stream, w.stream) << "event " << i;
    EXPECT_EQ(g.timestamp_ms, w.timestamp_ms) << "event " << i;
    EXPECT_EQ(g.ingestion_ms, w.ingestion_ms) << "event " << i;
    EXPECT_EQ(g.message, w.message) << "event " << i;
    EXPECT_EQ(g.event_id, w.event_id) << "event " << i;
  }
  EXPECT_EQ(got->next_token, want->next_token);
  EXPECT_EQ(got->backward_token, want->backward_token);
}

// Both operations, both padding paths (a copy from a string_view; in place from a
// std::string with spare capacity), against the reference.
void expect_same(std::string_view body) {
  std::string roomy(body);
  roomy.reserve(body.size() + 128);
  auto want = reference_filter_log_events(body);
  expect_same_result(want, parse_filter_log_events(body), body, "copying");
  expect_same_result(want, parse_filter_log_events(roomy), body, "in-place");
  auto want_get = reference_get_log_events(body);
  expect_same_result(want_get, parse_get_log_events(body), body, "GetLogEvents copying");
  expect_same_result(want_get, parse_get_log_events(roomy), body, "GetLogEvents in-place");
}

// Generates JSON text (not through a JSON library, so escapes, spacing and types vary).
class PageGenerator {
 public:
  // `huge`: some messages are 50 KB - 450 KB (kept out of the mutation runs, whose failures
  // the reference describes by parsing again).
  PageGenerator(std::uint32_t seed, bool huge) : rng_(seed), huge_(huge) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }

  std::string ws() {
    static const char* spaces[] = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
    return spaces[pick(8)];
  }

  std::string string_body(int max_pieces) {
    static const char* pieces[] = {
        "abc",    "INFO ",  "request id=42", "\\\"",     "\\\\",          "\\/",     "\\b",    "\\f",
        "\\n",    "\\r",    "\\t",           "\\u0000",  "\\u00e9",       "\\u00E9", "\\u2713", "\\ud83d\\ude00",
        "\\u001b[31m", "é", "✓",             "😀",       "\xe2\x80\x8f",  " ",       "{",      "}",
        "[",      "]",      ":",             ",",        "12345",         "\\u007f", "\xc2\xa0", "Ωmega"};
    std::string s;
    int n = pick(max_pieces + 1);
    for (int i = 0; i < n; ++i) s += pieces[pick(static_cast<int>(std::size(pieces)))];
    return s;
  }

  std::string string_value(int max_pieces = 8) { return "\"" + string_body(max_pieces) + "\""; }

  std::string number() {
    static const char* numbers[] = {"0",
                                    "-0",
                                    "7",
                                    "1795316857000",
                                    "-1795316857000",
                                    "9223372036854775807",
                                    "-9223372036854775808",
                                    "9223372036854775808",
                                    "18446744073709551615",
                                    "18446744073709551616",
                                    "-9223372036854775809",
                                    "123456789012345678901234567890",
                                    "1.0",
                                    "1.5",
                                    "-0.0",
                                    "1e3",
                                    "1E+2",
                                    "2.5e-3",
                                    "1795316857000.0",
                                    "9.2e18",
                                    "9.3e18",
                                    "1e-400",
                                    "0.1",
                                    "3.141592653589793",
                                    "1e308"};
    if (chance(30)) return std::to_string(static_cast<std::int64_t>(rng_()) * 1000 + pick(1000));
    return numbers[pick(static_cast<int>(std::size(numbers)))];
  }

  std::string digits_string() {
    static const char* strings[] = {"\"1795316857000\"", "\"-5\"", "\" 12\"", "\"+12\"", "\"12x\"", "\"\"",
                                    "\"12\\u0000x\"",    "\"99999999999999999999\"", "\"0x10\"", "\"1.5\""};
    return strings[pick(static_cast<int>(std::size(strings)))];
  }

  std::string any_value(int depth) {
    switch (pick(depth > 3 ? 6 : 8)) {
      case 0: return string_value();
      case 1: return number();
      case 2: return "true";
      case 3: return "false";
      case 4: return "null";
      case 5: return digits_string();
      case 6: {
        std::string a = "[" + ws();
        int n = pick(4);
        for (int i = 0; i < n; ++i) a += (i ? "," + ws() : "") + any_value(depth + 1);
        return a + ws() + "]";
      }
      default: {
        std::string o = "{" + ws();
        int n = pick(4);
        for (int i = 0; i < n; ++i) o += (i ? "," + ws() : "") + string_value(2) + ws() + ":" + ws() + any_value(depth + 1);
        return o + ws() + "}";
      }
    }
  }

  std::string text_member() { return chance(85) ? string_value() : any_value(2); }
  std::string int_member() {
    if (chance(75)) return std::to_string(1795316857000LL + pick(100000));
    return chance(50) ? number() : (chance(50) ? digits_string() : any_value(2));
  }

  std::string event() {
    if (chance(3)) return any_value(2);  // not an object
    std::vector<std::string> members;
    auto member = [&](const char* key, std::string value) {
      if (chance(90)) members.push_back(fmt::format("\"{}\"{}:{}{}", key, ws(), ws(), value));
    };
    member("logStreamName", text_member());
    member("timestamp", int_member());
    member("message", huge_ && chance(2) ? huge_message() : text_member());
    member("ingestionTime", int_member());
    member("eventId", text_member());
    if (chance(10)) members.push_back("\"logStream\\u004eame\":" + text_member());  // escaped key
    if (chance(10)) members.push_back("\"message\":" + text_member());            // a second copy
    if (chance(10)) members.push_back("\"extra\":" + any_value(1));
    std::shuffle(members.begin(), members.end(), rng_);
    std::string e = "{" + ws();
    for (std::size_t i = 0; i < members.size(); ++i) e += (i ? "," + ws() : "") + members[i];
    return e + ws() + "}";
  }

  std::string huge_message() {
    std::string s = "\"";
    std::size_t size = 50000 + static_cast<std::size_t>(pick(400000));
    while (s.size() < size) s += string_body(16);
    return s + "\"";
  }

  std::string page() {
    std::vector<std::string> members;
    if (chance(92)) {
      if (chance(95)) {
        std::string events = "[" + ws();
        int n = chance(15) ? 0 : pick(40);
        for (int i = 0; i < n; ++i) events += (i ? "," + ws() : "") + event();
        members.push_back("\"events\":" + ws() + events + ws() + "]");
      } else {
        members.push_back("\"events\":" + any_value(2));
      }
    }
    for (const char* key : {"nextToken", "nextForwardToken", "nextBackwardToken"})
      if (chance(60)) members.push_back(fmt::format("\"{}\":{}", key, chance(85) ? string_value(3) : any_value(2)));
    if (chance(30)) members.push_back("\"searchedLogStreams\":[{\"logStreamName\":\"a\",\"searchedCompletely\":true}]");
    if (chance(10)) members.push_back("\"events\":[" + event() + "]");  // a second "events": the last counts
    if (chance(10)) members.push_back("\"ResponseMetadata\":" + any_value(1));
    std::shuffle(members.begin(), members.end(), rng_);
    std::string p = (chance(3) ? "\xEF\xBB\xBF" : "") + ws() + "{" + ws();
    for (std::size_t i = 0; i < members.size(); ++i) p += (i ? "," + ws() : "") + members[i];
    return p + ws() + "}" + ws();
  }

  // Hostile variants of a valid page.
  std::string mutate(std::string doc) {
    if (doc.empty()) return doc;
    switch (pick(7)) {
      case 0: doc[static_cast<std::size_t>(pick(static_cast<int>(doc.size())))] = static_cast<char>(pick(256)); break;
      case 1: doc.resize(static_cast<std::size_t>(pick(static_cast<int>(doc.size())))); break;
      case 2: {
        static const char* junk[] = {"\x80", "\xff", "\xc3", "\xed\xa0\x80", "\x01", "\"", "\\", ",", "}", "]",
                                     "{", "[", ":", "nul", "tru", "1e400", "\\ud800", "\\u12", "-", "01", "1."};
        doc.insert(static_cast<std::size_t>(pick(static_cast<int>(doc.size()) + 1)),
                   junk[pick(static_cast<int>(std::size(junk)))]);
        break;
      }
      case 3: doc.erase(static_cast<std::size_t>(pick(static_cast<int>(doc.size()))), 1); break;
      case 4: doc += chance(50) ? " x" : "{}"; break;
      case 5: {
        auto at = doc.find('"', doc.size() / 2);
        if (at != std::string::npos) doc.insert(at + 1, 1, static_cast<char>(pick(32)));
        break;
      }
      default:
        for (int i = 0; i < 3; ++i) doc[static_cast<std::size_t>(pick(static_cast<int>(doc.size())))] = static_cast<char>(pick(256));
    }
    return doc;
  }

 private:
  std::mt19937 rng_;
  bool huge_;
};

TEST(LogEventsReader, GeneratedPagesMatchTheReference) {
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    PageGenerator gen(seed, true);
    expect_same(gen.page());
    if (HasFatalFailure()) return;
  }
}

// More mutations for a longer one-off run: -DOPSDECK_LOG_EVENTS_MUTATIONS=100000.
#ifndef OPSDECK_LOG_EVENTS_MUTATIONS
#define OPSDECK_LOG_EVENTS_MUTATIONS 2500
#endif

TEST(LogEventsReader, HostileBytesFailAsTheReferenceDoes) {
  for (std::uint32_t seed = 1; seed <= OPSDECK_LOG_EVENTS_MUTATIONS; ++seed) {
    PageGenerator gen(seed, false);
    expect_same(gen.mutate(gen.page()));
    if (HasFatalFailure()) return;
  }
}

TEST(LogEventsReader, CornerCasesMatchTheReference) {
  const std::vector<std::string> cases = {
      "",
      " ",
      "{}",
      "[]",
      "null",
      "\"events\"",
      "42",
      "{\"events\":[]}",
      "{\"events\":null,\"nextToken\":null}",
      "{\"events\":{}}",
      "{\"events\":[1,\"x\",null,[],{}]}",
      "{\"events\":[{\"message\":\"a\\u0000b\",\"eventId\":\"\\ud83d\\ude00\"}]}",
      "{\"events\":[{\"message\":\"\\ud800\"}]}",
      "{\"events\":[{\"message\":\"\\udc00\\ud800\"}]}",
      "{\"events\":[{\"message\":\"a\x01\"}]}",
      "{\"events\":[{\"message\":\"\xff\"}]}",
      "{\"events\":[{\"message\":\"\xc3\x28\"}]}",
      "{\"events\":[{\"message\":\"\xed\xa0\x80\"}]}",
      "{\"events\":[{\"message\":\"\xf4\x90\x80\x80\"}]}",
      "{\"events\":[{\"timestamp\":1e400}]}",
      "{\"events\":[{\"timestamp\":-1e400}]}",
      "{\"events\":[{\"timestamp\":1e-400,\"message\":1e-400}]}",
      "{\"events\":[{\"message\":1.0,\"eventId\":1e2,\"logStreamName\":12345678901234567890123}]}",
      "{\"events\":[{\"message\":-0.0,\"eventId\":0.1,\"logStreamName\":1e308}]}",
      "{\"events\":[{\"timestamp\":\"1795316857000\",\"ingestionTime\":\" 7\"}]}",
      "{\"events\":[{\"timestamp\":\"12\\u0000junk\",\"ingestionTime\":\"-\"}]}",
      "{\"events\":[{\"timestamp\":true,\"ingestionTime\":[1]}]}",
      "{\"events\":[{\"message\":\"a\",\"message\":null}]}",
      "{\"events\":[{\"message\":\"a\",\"message\":\"b\"}],\"events\":[]}",
      "{\"events\":[{\"m\\u0065ssage\":\"escaped key\"}]}",
      "{\"events\":[{\"message\":\"x\"}]} x",
      "{\"events\":[{\"message\":\"x\"}]}}",
      "{\"events\":[{\"message\":\"x\"}]]",
      "{\"events\":[{\"message\":\"x\"}}}",
      "{\"events\":[{\"message\":\"x\"},]}",
      "{\"events\":[{\"message\":\"x\",}]}",
      "{\"events\":[{\"message\" \"x\"}]}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":tru}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":nul}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":nulll}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":[1,2,-]}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":{\"a\":01}}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":\"\\x\"}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":\"\\u12G4\"}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":{\"a\":1 \"b\":2}}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":[1 2]}",
      "{\"events\":[{\"message\":\"x\"}],\"other\":[1}",
      "{\"events\":[{\"message\":\"x\"}]",
      "{\"events\":[{\"message\":\"x",
      "\xEF\xBB\xBF{\"events\":[{\"message\":\"bom\"}]}",
      "\xEF\xBB{\"events\":[]}",
      "{\"events\":[],\"nextToken\":\"t\",\"nextForwardToken\":\"f\",\"nextBackwardToken\":\"b\"}",
      "{\"events\":[],\"nextToken\":5,\"nextForwardToken\":true,\"nextBackwardToken\":{}}",
      "{\"events\":[]}\x00",
      "// comment\n{\"events\":[]}",
      "{\"events\":[]} // comment",
      "{'events':[]}",
      "{\"events\":[NaN]}",
      "{\"events\":[Infinity]}",
      "{\"events\":[{\"timestamp\":0x10}]}",
      "{\"events\":[{\"timestamp\":+1}]}",
      "{\"events\":[{\"timestamp\":.5}]}",
      "{\"events\":[{\"timestamp\":1.5e}]}",
      "\f{\"events\":[]}",
      "{\"events\":[]}\v",
  };
  for (const auto& body : cases) {
    expect_same(body);
    if (HasFatalFailure()) return;
  }
  static const char with_nul[] = "{\"events\":[{\"message\":\"a\0b\"}]}";
  expect_same(std::string(with_nul, sizeof with_nul - 1));
  expect_same(std::string("{\"events\":[]}") + '\0');
}

std::string nested(int levels, const char* open, const char* close) {
  std::string s;
  for (int i = 0; i < levels; ++i) s += open;
  s += "1";
  for (int i = 0; i < levels; ++i) s += close;
  return s;
}

TEST(LogEventsReader, NestingAtTheDepthLimitMatchesTheReference) {
  // The page object is one level: an unknown member may hold kMaxJsonDepth - 1 more.
  for (int extra : {kMaxJsonDepth - 3, kMaxJsonDepth - 2, kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1, 5000}) {
    expect_same("{\"other\":" + nested(extra, "[", "]") + "}");
    expect_same("{\"other\":" + nested(extra, "{\"a\":", "}") + "}");
    // Inside an event: page, events, event are three levels.
    expect_same("{\"events\":[{\"message\":" + nested(extra - 2, "[", "]") + "}]}");
    expect_same("{\"events\":[" + nested(extra - 1, "[", "]") + "]}");
    if (HasFatalFailure()) return;
  }
}

TEST(LogEventsReader, HugeMessagesAreKeptWhole) {
  std::string message;
  for (int i = 0; message.size() < (5u << 20); ++i) message += fmt::format("line {} \\\"quoted\\\" \\u00e9 ✓\\n", i);
  std::string body = "{\"events\":[{\"message\":\"" + message + "\",\"eventId\":\"1\"}],\"nextToken\":\"n\"}";
  expect_same(body);
  auto page = parse_filter_log_events(body);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), 1u);
  EXPECT_GT(page->events[0].message.size(), 3u << 20);
  EXPECT_EQ(page->events[0].message.substr(0, 23), "line 0 \"quoted\" \xc3\xa9 ✓\n");
}

TEST(LogEventsReader, DocumentsOverTheSizeLimitAreRefusedAsBefore) {
  // Past the 4 MB a thread keeps a parser for (a parser of its own) and past kMaxJsonBytes
  // (refused).
  std::string big = "{\"events\":[{\"message\":\"" + std::string(6u << 20, 'x') + "\"}]}";
  expect_same(big);
  std::string too_big = "{\"events\":[],\"pad\":\"" + std::string(kMaxJsonBytes, 'x') + "\"}";
  auto page = parse_filter_log_events(too_big);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().kind, ErrorKind::Parse);
  EXPECT_EQ(page.error().message, reference_filter_log_events(too_big).error().message);
}

TEST(LogEventsReader, ErrorsAreTypedParseErrorsNamingTheOperation) {
  auto page = parse_filter_log_events(std::string_view("{\"events\":[{\"message\":\"x\"}]} trailing"));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().kind, ErrorKind::Parse);
  EXPECT_EQ(page.error().operation, "logs:FilterLogEvents");
  EXPECT_NE(page.error().message.find("response is not valid JSON"), std::string::npos) << page.error().message;
  EXPECT_NE(page.error().message.find("line 1, column"), std::string::npos) << page.error().message;
  auto get = parse_get_log_events(std::string_view("[]"));
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().operation, "logs:GetLogEvents");
  EXPECT_EQ(get.error().message, "response is not a JSON object (2 bytes received)");
}

}  // namespace
}  // namespace opsdeck::aws
