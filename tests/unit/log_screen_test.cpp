// The console's full-screen log view rendered into a CellGrid: follow/pause with a count,
// search with n/N, include/exclude filters typed into its prompts, jump to a time, save.
#include "app/console/log_screen.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/child_process.hpp"

namespace opsdeck::app {
namespace {

using ui::CellGrid;
using ui::Key;
using ui::KeyEvent;
using ui::Outcome;

constexpr std::int64_t kT = 1'795'255'200'000;  // 2026-11-21T10:00:00Z

struct Screen {
  LogScreen screen;
  CellGrid grid{80, 8};
  Screen() { screen.set_group("/app/api"); }
  void add(const std::string& stream, const std::string& msg, std::int64_t dt_ms) {
    screen.add_events({LogEvent{"/app/api", stream, kT + dt_ms, kT + dt_ms, "id" + msg, msg}});
  }
  void type(const std::string& keys) {
    for (char c : keys) screen.handle_key(KeyEvent::character(static_cast<char32_t>(c)));
  }
  void enter() { screen.handle_key(KeyEvent::of(Key::Enter)); }
  std::string render() {
    grid.clear();
    screen.draw(grid, grid.bounds(), kT + 60'000);
    return grid.to_text();
  }
};

TEST(LogScreen, FollowsShowsTitleAndPausedCount) {
  Screen s;
  for (int i = 0; i < 10; ++i) s.add("web-1", "line " + std::to_string(i), i * 1000);
  std::string text = s.render();
  EXPECT_EQ(s.grid.row_text(0).rfind(" Logs /app/api  (10 lines)", 0), 0U) << text;
  EXPECT_NE(text.find("/app/api/web-1 line 9"), std::string::npos) << text;
  EXPECT_EQ(text.find("line 3"), std::string::npos) << text;  // scrolled off (6 body rows)
  EXPECT_NE(text.find("following"), std::string::npos);

  EXPECT_EQ(s.screen.handle_key(KeyEvent::character('p')), Outcome::Redraw);
  s.add("web-1", "line 10", 10'000);
  s.add("web-1", "line 11", 11'000);
  text = s.render();
  EXPECT_NE(text.find("paused +2 new"), std::string::npos) << text;
  EXPECT_EQ(text.find("line 11"), std::string::npos) << text;
  s.type("G");
  EXPECT_NE(s.render().find("line 11"), std::string::npos);
  // Esc is left to the screen stack (it pops the screen).
  EXPECT_EQ(s.screen.handle_key(KeyEvent::of(Key::Escape)), Outcome::Ignored);
}

TEST(LogScreen, SearchPromptThenNextAndPrevious) {
  Screen s;
  for (int i = 0; i < 30; ++i)
    s.add("web-1", (i % 10 == 3 ? "ERROR boom " : "ok ") + std::to_string(i), i * 10);
  s.type("/");
  EXPECT_TRUE(s.screen.prompting());
  s.type("boom");
  EXPECT_NE(s.render().find("/boom"), std::string::npos);  // the prompt on the last row
  s.enter();
  EXPECT_FALSE(s.screen.prompting());
  auto at = [&] { return s.screen.view().cursor(); };
  ASSERT_TRUE(at().has_value());
  EXPECT_EQ(*at(), 23U);  // following: the newest match
  s.type("N");
  EXPECT_EQ(*at(), 13U);
  s.type("N");
  EXPECT_EQ(*at(), 3U);
  s.type("n");
  EXPECT_EQ(*at(), 13U);
}

TEST(LogScreen, IncludeAndExcludeFiltersAndClear) {
  Screen s;
  s.add("web-1", "GET /health 200", 0);
  s.add("web-1", "GET /api 500", 1);
  s.add("db-1", "ERROR deadlock", 2);
  s.add("web-1", "GET /api 200", 3);
  s.type("i/api/");
  s.enter();
  EXPECT_EQ(s.screen.view().visible_count(), 2U);
  s.type("x500");
  s.enter();
  EXPECT_EQ(s.screen.view().visible_count(), 1U);
  const std::string text = s.render();
  EXPECT_NE(text.find("GET /api 200"), std::string::npos) << text;
  EXPECT_EQ(text.find("deadlock"), std::string::npos) << text;
  s.type("X");
  EXPECT_EQ(s.screen.view().visible_count(), 4U);
  // A bad regex is reported, not applied.
  s.type("i/([/");
  s.enter();
  EXPECT_FALSE(s.screen.message().empty());
  EXPECT_EQ(s.screen.view().visible_count(), 4U);
}

TEST(LogScreen, EscCancelsThePromptAndJumpToTime) {
  Screen s;
  for (int i = 0; i < 20; ++i) s.add("web-1", "m" + std::to_string(i), i * 60'000);  // one a minute
  s.type("i");
  EXPECT_EQ(s.screen.handle_key(KeyEvent::of(Key::Escape)), Outcome::Redraw);
  EXPECT_FALSE(s.screen.prompting());
  EXPECT_EQ(s.screen.view().visible_count(), 20U);
  s.type("@5m");  // 5 minutes before the newest line (m19) -> m14
  s.enter();
  ASSERT_TRUE(s.screen.view().cursor().has_value());
  EXPECT_FALSE(s.screen.view().following());
  EXPECT_NE(s.render().find("m14"), std::string::npos);
}

TEST(LogScreen, SavesTheVisibleLinesToAFile) {
  opsdeck::testing::TempDir dir;
  Screen s;
  s.screen.set_save_dir(dir.path().string());
  s.add("web-1", "keep one", 0);
  s.add("web-1", "drop", 1);
  s.add("web-1", "keep two", 2);
  s.type("ikeep");
  s.enter();
  s.type("Sout.log");
  s.enter();
  EXPECT_EQ(s.screen.message(), "saved 2 lines to " + (dir.path() / "out.log").string());
  const std::string saved = opsdeck::testing::read_file(dir.path() / "out.log");
  EXPECT_EQ(saved,
            "2026-11-21T10:00:00.000Z /app/api/web-1 keep one\n"
            "2026-11-21T10:00:00.002Z /app/api/web-1 keep two\n");
}

}  // namespace
}  // namespace opsdeck::app
