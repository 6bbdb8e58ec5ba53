// The log view rendered into a CellGrid and compared as text.
#include <gtest/gtest.h>

#include "app/logs/log_buffer.hpp"
#include "app/logs/log_buffer_view_source.hpp"
#include "widgets/log_fields.hpp"
#include "tests/support/child_process.hpp"
#include "widgets/log_view.hpp"

namespace opsdeck::app {
namespace {

using ui::CellGrid;
using ui::LogView;

constexpr std::int64_t kT = 1'795'255'200'000;  // 2026-11-21T10:00:00Z

struct Fixture {
  LogBuffer buf;
  LogBufferViewSource src{buf};
  LogView view{src};
  CellGrid grid{60, 6};
  std::uint32_t s = buf.intern_source("api");
  void add(std::string_view text, std::int64_t dt_ms = 0) {
    buf.append(kT + dt_ms, s, text);
    view.refresh();
  }
  std::string render(std::int64_t now = kT + 60'000) {
    grid.clear();
    view.draw(grid, grid.bounds(), now);
    return grid.to_text();
  }
};

TEST(LogView, FollowShowsTheNewestLinesWithTimestampAndSource) {
  Fixture f;
  for (int i = 0; i < 8; ++i) f.add("line " + std::to_string(i), i * 1000);
  EXPECT_EQ(f.render(),
            "10:00:03.000 api line 3\n"
            "10:00:04.000 api line 4\n"
            "10:00:05.000 api line 5\n"
            "10:00:06.000 api line 6\n"
            "10:00:07.000 api line 7\n"
            "● following  8 lines  ts:utc\n");
}

TEST(LogView, PauseKeepsThePositionAndCountsNewLines) {
  Fixture f;
  for (int i = 0; i < 8; ++i) f.add("line " + std::to_string(i));
  f.render();
  f.view.pause();
  f.add("late 1");
  f.add("late 2");
  const std::string text = f.render();
  EXPECT_NE(text.find("line 7"), std::string::npos);
  EXPECT_EQ(text.find("late 2"), std::string::npos);
  EXPECT_NE(text.find("paused +2 new"), std::string::npos);
  EXPECT_EQ(f.view.new_while_paused(), 2U);
  f.view.follow();
  EXPECT_NE(f.render().find("late 2"), std::string::npos);
}

TEST(LogView, HostileTextIsShownNeverInterpreted) {
  Fixture f;
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.add("a\x1b]0;owned\x07z");
  f.add("b\x1b[2Jc\rd\x08e");
  f.add(std::string("bad \xff\xfe utf8"));
  const std::string text = f.render();
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_NE(text.find("␛]0;owned"), std::string::npos);
  EXPECT_NE(text.find("␛[2Jc"), std::string::npos);
  EXPECT_NE(text.find("bad \uFFFD\uFFFD utf8"), std::string::npos);
  // Controls are drawn in the Control role.
  EXPECT_EQ(f.grid.at(1, 0).role, ui::Role::Control);
}

TEST(LogView, MegabyteLineIsCutForDisplayAndExpandsOnDemand) {
  Fixture f;
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.grid.resize(100, 6);
  f.view.set_display_cap(40);
  f.add(std::string(1 << 20, 'x'));
  const std::string text = f.render();
  EXPECT_NE(text.find("[40 of 1048576 bytes"), std::string::npos);
  f.view.expand();
  f.view.set_wrap(true);
  const std::string full = f.render();
  EXPECT_EQ(full.find("of 1048576 bytes"), std::string::npos);
  EXPECT_NE(full.find(std::string(100, 'x')), std::string::npos);  // the screen is all x
}

TEST(LogView, SearchHighlightsAndMovesWithNextPrev) {
  Fixture f;
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  for (int i = 0; i < 20; ++i) f.add(i % 5 == 0 ? "needle " + std::to_string(i) : "hay " + std::to_string(i));
  ASSERT_TRUE(f.view.set_search("needle"));
  ASSERT_TRUE(f.view.search_prev());  // from the bottom: 15
  EXPECT_EQ(*f.view.cursor(), 15U);
  ASSERT_TRUE(f.view.search_prev());
  EXPECT_EQ(*f.view.cursor(), 10U);
  ASSERT_TRUE(f.view.search_next());
  EXPECT_EQ(*f.view.cursor(), 15U);
  f.render();
  // Find the row showing "needle 15" and check the highlight under the match.
  int row = -1;
  for (int y = 0; y < 5; ++y)
    if (f.grid.row_text(y).rfind("needle 15", 0) == 0) row = y;
  ASSERT_GE(row, 0);
  EXPECT_EQ(f.grid.at(7, row).role, ui::Role::Selected);  // cursor row
  f.view.follow();
  f.view.set_search("NEEDLE");  // smart case: upper case means exact
  EXPECT_FALSE(f.view.search_prev());
}

TEST(LogView, IncludeExcludeFiltersWithContext) {
  Fixture f;
  f.grid.resize(60, 10);
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  for (const char* l : {"a", "b", "ERROR x", "c", "d", "e", "ERROR healthcheck", "f"}) f.add(l);
  ASSERT_TRUE(f.view.add_include("error"));
  ASSERT_TRUE(f.view.add_exclude("/health.*/"));
  EXPECT_EQ(f.view.visible_count(), 1U);
  f.view.set_context_lines(1);
  EXPECT_EQ(f.view.visible_count(), 3U);
  EXPECT_EQ(f.render(), "b\nERROR x\nc\n\n\n\n\n\n\n● following  3/8 lines  +error  -/health.*/  ctx 1  ts:off\n");
  f.add("ERROR again");
  EXPECT_EQ(f.view.visible_count(), 5U);  // "f" as before-context, then the match
  std::string err;
  EXPECT_FALSE(f.view.add_include("/([/", &err));
  EXPECT_FALSE(err.empty());
  f.view.clear_filters();
  EXPECT_EQ(f.view.visible_count(), 9U);
}

TEST(LogView, LevelsAndFiveHundredsAreColoured) {
  Fixture f;
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.add("2026 [ERROR] db down");
  f.add("WARN slow");
  f.add(R"(10.0.0.1 - - [21/Nov/2026:10:00:00 +0000] "GET /api HTTP/1.1" 502 10 "-" "curl" 0.250)");
  f.add(R"({"level":"info","msg":"ok","status":200,"latency_ms":12})");
  f.render();
  EXPECT_EQ(f.grid.at(0, 0).role, ui::Role::LogError);
  EXPECT_EQ(f.grid.at(0, 1).role, ui::Role::LogWarn);
  EXPECT_EQ(f.grid.at(0, 2).role, ui::Role::LogError);
  EXPECT_EQ(f.grid.at(0, 3).role, ui::Role::Default);
}

TEST(LogView, FieldColumnsFromJsonNginxAndAlb) {
  const auto j = ui::extract_fields(R"({"level":"warn","status":404,"duration":"35ms"})");
  EXPECT_EQ(j.level, ui::LogLevel::Warn);
  EXPECT_EQ(j.status, 404);
  EXPECT_EQ(j.latency, "35ms");
  const auto n = ui::extract_fields(
      R"(10.0.0.1 - - [21/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 503 0 "-" "ua" rt=1.204)");
  EXPECT_EQ(n.status, 503);
  EXPECT_EQ(n.latency, "1.204");
  const auto a = ui::extract_fields(
      "https 2026-11-21T10:00:00.000Z app/lb/abc 1.2.3.4:5 10.0.0.2:80 0.001 0.420 0.000 200 200 10 20 "
      "\"GET https://x/ HTTP/1.1\" \"ua\"");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.latency, "0.420");
  EXPECT_EQ(ui::extract_fields("nothing here").level, ui::LogLevel::Unknown);

  Fixture f;
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.view.set_show_fields(true);
  f.view.set_json_mode(ui::JsonMode::Raw);
  f.add(R"({"level":"error","status":500,"latency":"0.3"})");
  EXPECT_EQ(f.render().substr(0, 20), "ERROR 500 0.3     {\"");
}

// What the common loggers write, as the pane and the view find level, message and fields.
TEST(LogFields, TheCommonJsonLoggersGiveLevelMessageStatusAndLatency) {
  struct Case {
    const char* logger;
    const char* line;
    ui::LogLevel level;
    const char* message;
    int status;
    const char* latency;
  };
  const Case cases[] = {
      {"pino-http", R"({"level":50,"time":1700000000000,"pid":7,"hostname":"h","req":{"method":"GET","url":"/api"},"res":{"statusCode":502},"responseTime":31,"msg":"request errored"})",
       ui::LogLevel::Error, "request errored", 502, "31"},
      {"bunyan", R"({"name":"api","hostname":"h","pid":1,"level":30,"msg":"listening","time":"2026-12-03T01:00:00Z","v":0})",
       ui::LogLevel::Info, "listening", 0, ""},
      {"pino, level as text", R"({"level":"40","msg":"slow"})", ui::LogLevel::Warn, "slow", 0, ""},
      {"zap", R"({"level":"dpanic","ts":1700000000.1,"caller":"main.go:12","msg":"nil map","latency":"12ms"})",
       ui::LogLevel::Fatal, "nil map", 0, "12ms"},
      {"logrus", R"({"level":"warning","msg":"retrying","time":"2026-12-03T01:00:00Z","attempt":2})",
       ui::LogLevel::Warn, "retrying", 0, ""},
      {"structlog", R"({"event":"payment failed","level":"error","timestamp":"2026-12-03T01:00:00Z","order":"o-1"})",
       ui::LogLevel::Error, "payment failed", 0, ""},
      {"python logging", R"({"levelname":"CRITICAL","message":"db down","asctime":"x"})", ui::LogLevel::Fatal,
       "db down", 0, ""},
      {"serilog compact", R"({"@t":"2026-12-03T01:00:00Z","@l":"Information","@m":"started","StatusCode":200})",
       ui::LogLevel::Info, "started", 0, ""},
      {"ECS", R"({"@timestamp":"x","log.level":"warn","message":"m","http":{"response":{"status_code":404}}})",
       ui::LogLevel::Warn, "m", 404, ""},
      {"nested status only", R"({"response":{"status":503},"msg":"upstream"})", ui::LogLevel::Unknown, "upstream",
       503, ""},
      {"event as an object is not the message", R"({"event":{"kind":"x"},"level":"info"})", ui::LogLevel::Info, "",
       0, ""},
      {"numeric levels below pino's scale", R"({"level":3,"msg":"m"})", ui::LogLevel::Unknown, "m", 0, ""},
      {"a huge numeric level", R"({"level":1e308,"msg":"m"})", ui::LogLevel::Fatal, "m", 0, ""},
  };
  for (const auto& c : cases) {
    const ui::LogFields f = ui::extract_fields(c.line);
    EXPECT_TRUE(f.json) << c.logger;
    EXPECT_EQ(f.level, c.level) << c.logger;
    EXPECT_EQ(f.message, c.message) << c.logger;
    EXPECT_EQ(f.status, c.status) << c.logger;
    EXPECT_EQ(f.latency, c.latency) << c.logger;
  }
}

TEST(LogFields, AReadableLineIsMessageThenFieldsWithoutTimeLevelOrBookkeeping) {
  const std::string pino =
      R"({"level":50,"time":1700000000000,"pid":7,"hostname":"h","req":{"method":"GET","url":"/a b"},"res":{"statusCode":502},"responseTime":31,"msg":"request errored"})";
  EXPECT_EQ(ui::readable_line(pino, true),
            "ERROR request errored  req.method=GET req.url=\"/a b\" res.statusCode=502 responseTime=31");
  EXPECT_EQ(ui::readable_line(pino, false),
            "request errored  req.method=GET req.url=\"/a b\" res.statusCode=502 responseTime=31");
  // Not JSON, or JSON with nothing to show: the line as written.
  EXPECT_EQ(ui::readable_line("plain text", true), "plain text");
  EXPECT_EQ(ui::readable_line(R"({"time":"x"})", true), R"({"time":"x"})");
  EXPECT_EQ(ui::readable_line("[1,2]", true), "[1,2]");
  // Fields are capped in number and length; deeper nesting is left to `d` / raw.
  std::string many = "{\"msg\":\"m\"";
  for (int i = 0; i < 40; ++i) many += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
  many += ",\"long\":\"" + std::string(500, 'x') + "\"}";
  const ui::LogFields f = ui::extract_fields(many);
  EXPECT_EQ(f.extras.size(), ui::LogFields::kMaxExtras);
  const ui::LogFields l = ui::extract_fields(R"({"msg":"m","long":")" + std::string(500, 'x') + R"(","deep":{"a":{"b":1}}})");
  ASSERT_EQ(l.extras.size(), 1u);
  EXPECT_EQ(l.extras[0].second, std::string(ui::LogFields::kMaxExtraValue, 'x') + "…");
}

TEST(LogView, JsonLinesShowLevelMessageAndFieldsAndJShowsThemRaw) {
  Fixture f;
  f.grid.resize(80, 4);
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.add(R"({"level":50,"time":1,"msg":"boom","res":{"statusCode":500}})");
  EXPECT_EQ(f.render().substr(0, 31), "ERROR boom  res.statusCode=500\n");
  EXPECT_EQ(f.grid.at(0, 0).role, ui::Role::LogError);
  EXPECT_TRUE(f.view.handle_key(ui::KeyEvent::character('J')));  // raw
  const std::string raw = f.render();
  EXPECT_EQ(raw.substr(0, 10), R"({"level":5)");
  EXPECT_NE(raw.find("json:raw"), std::string::npos);
}

TEST(LogView, JsonPrettyAndKeyModesAndWrap) {
  Fixture f;
  f.grid.resize(30, 6);
  f.view.set_timestamp_mode(ui::TimestampMode::Off);
  f.view.set_show_source(false);
  f.add(R"({"message":"hello","n":1})");
  f.view.set_json_mode(ui::JsonMode::Pretty);
  const std::string pretty = "{\n  \"message\": \"hello\",\n  \"n\": 1\n}\n";
  EXPECT_EQ(f.render().substr(0, pretty.size()), pretty);
  f.view.set_json_mode(ui::JsonMode::Key, "message");
  EXPECT_EQ(f.render().substr(0, 6), "hello\n");
  f.view.set_json_mode(ui::JsonMode::Raw);
  f.add(std::string(45, 'w'));
  f.view.set_wrap(true);
  const std::string text = f.render();
  EXPECT_NE(text.find(std::string(30, 'w') + "\n" + std::string(15, 'w') + "\n"), std::string::npos);
}

TEST(LogView, TimestampModesAndJumpToTime) {
  Fixture f;
  for (int i = 0; i < 10; ++i) f.add("t" + std::to_string(i), i * 60'000);
  f.view.set_timestamp_mode(ui::TimestampMode::Relative);
  EXPECT_NE(f.render(kT + 10 * 60'000).find("   -1m api t9"), std::string::npos);
  ASSERT_TRUE(f.view.jump_to_time(kT + 3 * 60'000 - 1));
  EXPECT_EQ(*f.view.cursor(), 3U);
  f.view.set_timestamp_mode(ui::TimestampMode::Utc);
  EXPECT_EQ(f.render().substr(0, 20), "10:03:00.000 api t3\n");
  EXPECT_FALSE(f.view.jump_to_time(kT + 3'600'000));
}

TEST(LogView, KeysScrollAndSaveWritesRawLines) {
  Fixture f;
  for (int i = 0; i < 10; ++i) f.add("l" + std::to_string(i), i);
  EXPECT_TRUE(f.view.handle_key(ui::KeyEvent::character('k')));
  EXPECT_FALSE(f.view.following());
  EXPECT_EQ(*f.view.cursor(), 8U);
  f.view.handle_key(ui::KeyEvent::character('g'));
  EXPECT_EQ(*f.view.cursor(), 0U);
  f.view.handle_key(ui::KeyEvent::character('G'));
  EXPECT_TRUE(f.view.following());
  EXPECT_FALSE(f.view.handle_key(ui::KeyEvent::character('/')));
  opsdeck::testing::TempDir dir;
  const std::string path = (dir.path() / "save.txt").string();
  std::string err;
  ASSERT_EQ(f.view.save(path, std::make_pair<std::uint64_t, std::uint64_t>(2, 3), ui::SaveMode::CreateNew, &err),
            ui::SaveResult::Saved)
      << err;
  EXPECT_EQ(opsdeck::testing::read_file(path), "2026-11-21T10:00:00.002Z api l2\n2026-11-21T10:00:00.003Z api l3\n");
  EXPECT_EQ(f.view.save("/nonexistent-dir/x", std::nullopt, ui::SaveMode::CreateNew, &err), ui::SaveResult::Failed);
  EXPECT_NE(err.find("/nonexistent-dir/x"), std::string::npos) << err;
}

}  // namespace
}  // namespace opsdeck::app
