#include <gtest/gtest.h>

#include <memory>

#include "widgets/table.hpp"
#include "widgets/text_filter.hpp"

using namespace opsdeck::ui;

namespace {

std::shared_ptr<VectorTableSource> instances() {
  auto src = std::make_shared<VectorTableSource>(std::vector<Column>{
      {"NAME", 6, 20, 0}, {"STATE", 5, 10, 0}, {"TYPE", 4, 10, 2}, {"CPU", 3, 5, 1, true}});
  src->set_rows({{{"api-1"}, {"running", Role::StateGood}, {"t3.small"}, {"12"}},
                 {{"worker"}, {"stopped", Role::StateBad}, {"t3.large"}, {"3"}},
                 {{"api-2"}, {"running", Role::StateGood}, {"t3.small"}, {"100"}}},
                {"i-1", "i-2", "i-3"});
  return src;
}

std::string draw(Table& t, int w, int h, bool focused = true) {
  CellGrid g(w, h);
  t.render(g, g.bounds(), focused);
  return g.to_text();
}

}  // namespace

TEST(Table, RendersHeaderRowsAndSelectionMarker) {
  Table t;
  t.set_source(instances());
  EXPECT_EQ(draw(t, 40, 5),
            " NAME   STATE   TYPE      CPU\n"
            "▶api-1  running t3.small   12\n"
            " worker stopped t3.large    3\n"
            " api-2  running t3.small  100\n"
            "\n");
}

TEST(Table, LowPriorityColumnsDropWhenNarrow) {
  Table t;
  t.set_source(instances());
  // 20 columns: TYPE (priority 2) goes first, CPU (1) stays.
  EXPECT_EQ(draw(t, 20, 2), " NAME   STATE    CPU\n▶api-1  running   12\n");
  // Narrower still: CPU goes too; priority-0 columns never drop.
  EXPECT_EQ(draw(t, 14, 2), " NAME   STATE\n▶api-1  runni…\n");
}

TEST(Table, FitColumnsRespectsMinAndMax) {
  std::vector<Column> cols{{"A", 3, 5, 0}, {"B", 2, 4, 1}};
  EXPECT_EQ(fit_columns(cols, {10, 10}, 20), (std::vector<int>{5, 4}));
  EXPECT_EQ(fit_columns(cols, {10, 10}, 5), (std::vector<int>{5, 0}));
  EXPECT_EQ(fit_columns(cols, {1, 1}, 20), (std::vector<int>{3, 2}));
}

TEST(Table, FitColumnsDropsALessImportantColumnRatherThanCutAMoreImportantOne) {
  // NAME (always) wants 10; ID (priority 1) and IP (priority 2) want 10 each; 25 cells.
  std::vector<Column> cols{{"NAME", 4, 32, 0}, {"ID", 4, 19, 1}, {"IP", 4, 15, 2}};
  // Before: NAME 10, ID 10, IP cut to 3... now IP makes room and nothing is cut.
  EXPECT_EQ(fit_columns(cols, {10, 10, 10}, 25), (std::vector<int>{10, 10, 0}));
  // Room for everything: all whole.
  EXPECT_EQ(fit_columns(cols, {10, 10, 10}, 32), (std::vector<int>{10, 10, 10}));
  // Nothing less important left to drop: the least important shown column is cut.
  EXPECT_EQ(fit_columns(cols, {10, 10, 10}, 18), (std::vector<int>{10, 7, 0}));
  // A fill column (a log message) takes what is left and pushes nothing out.
  std::vector<Column> logs{{"TIME", 8, 8, 1}, {"SOURCE", 6, 24, 2}, {"MESSAGE", 10, 400, 0}};
  EXPECT_EQ(fit_columns(logs, {8, 6, 300}, 60), (std::vector<int>{8, 6, 44}));
}

TEST(Table, SortsByColumnTextAndNumbers) {
  Table t;
  t.set_source(instances());
  t.sort_by(3, true);  // CPU, numeric
  EXPECT_EQ(draw(t, 40, 4),
            " NAME   STATE   TYPE     CPU▲\n"
            " worker stopped t3.large    3\n"
            "▶api-1  running t3.small   12\n"
            " api-2  running t3.small  100\n");
  t.command(TableCommand::SortReverse);
  EXPECT_EQ(t.selected_key(), "i-1");  // the selection follows the row, not the position
  EXPECT_EQ(draw(t, 40, 1), " NAME   STATE   TYPE     CPU▼\n");
  t.sort_by(0, true);
  EXPECT_EQ(draw(t, 40, 1), " NAME▲  STATE   TYPE      CPU\n");
}

TEST(Table, FilterSubstringRegexAndInverse) {
  Table t;
  t.set_source(instances());
  t.set_filter("API");
  EXPECT_EQ(t.shown_rows(), 2u);
  t.set_filter("/^worker/");
  EXPECT_EQ(t.shown_rows(), 1u);
  t.set_filter("~t3\\.(small)");
  EXPECT_EQ(t.shown_rows(), 2u);
  t.set_filter("!running");
  EXPECT_EQ(t.shown_rows(), 1u);
  EXPECT_EQ(t.selected_key(), "i-2");
  t.set_filter("!/api-[0-9]/");
  EXPECT_EQ(t.shown_rows(), 1u);
  t.set_filter("/([/");
  EXPECT_EQ(t.shown_rows(), 0u);
  EXPECT_FALSE(t.filter().error().empty());
  EXPECT_NE(draw(t, 40, 2).find("bad regular expression"), std::string::npos);
  t.set_filter("nothing");
  EXPECT_EQ(draw(t, 40, 2), " NAME   STATE   TYPE      CPU\n no rows match nothing\n");
}

// A row's search_text (an instance's IPs and tags) is matched without being shown, and a
// match never runs from the shown cells into it.
TEST(Table, FilterAlsoMatchesTheHiddenSearchText) {
  auto src = std::make_shared<VectorTableSource>(std::vector<Column>{{"NAME", 6, 20, 0}});
  src->set_rows({{{"api-1"}}, {{"worker"}}}, {"i-1", "i-2"},
                {"10.0.1.12 Team=Payments", "10.0.2.40 team=batch"});
  Table t;
  t.set_source(src);
  t.set_filter("10.0.2.40");
  EXPECT_EQ(t.shown_rows(), 1u);
  EXPECT_EQ(t.selected_key(), "i-2");
  t.set_filter("team=payments");
  EXPECT_EQ(t.shown_rows(), 1u);
  EXPECT_EQ(t.selected_key(), "i-1");
  t.set_filter("!10.0.1.");
  EXPECT_EQ(t.shown_rows(), 1u);
  t.set_filter("api-1 10.0");  // "api-1" is shown, "10.0" hidden: not one text
  EXPECT_EQ(t.shown_rows(), 0u);
  t.set_filter("batch");
  std::string drawn = draw(t, 30, 3);
  EXPECT_NE(drawn.find("worker"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.find("10.0"), std::string::npos) << drawn;  // never drawn
  src->set_rows({{{"api-1"}}}, {"i-1"});  // new rows without search text: only cells match
  t.set_filter("team");
  EXPECT_EQ(t.shown_rows(), 0u);
}

TEST(Table, FilterHighlightsTheMatch) {
  Table t;
  t.set_source(instances());
  t.set_filter("ork");
  CellGrid g(40, 2);
  t.render(g, g.bounds(), true);
  // "▶worker": the row is selected, but the match is still marked.
  EXPECT_EQ(g.at(2, 1).role, Role::Match);
  EXPECT_EQ(g.at(4, 1).role, Role::Match);
  EXPECT_EQ(g.at(5, 1).role, Role::Selected);
}

TEST(Table, NavigationScrollsAndSelectionSurvivesRefresh) {
  auto src = std::make_shared<VectorTableSource>(std::vector<Column>{{"N", 3, 6, 0}});
  std::vector<VectorTableSource::Row> rows;
  std::vector<std::string> keys;
  for (int i = 0; i < 10; ++i) rows.push_back({{"r" + std::to_string(i)}}), keys.push_back("k" + std::to_string(i));
  src->set_rows(rows, keys);
  Table t;
  t.set_source(src);
  draw(t, 10, 4);  // header + 3 rows: page is 3
  EXPECT_EQ(t.handle_key(KeyEvent::character('G')), Outcome::Redraw);
  EXPECT_EQ(draw(t, 10, 4), " N\n r7\n r8\n▶r9\n");
  t.handle_key(KeyEvent::of(Key::PageUp));
  EXPECT_EQ(t.selected_key(), "k6");
  t.handle_key(KeyEvent::character('k'));
  EXPECT_EQ(draw(t, 10, 4), " N\n▶r5\n r6\n r7\n");
  EXPECT_EQ(t.handle_key(KeyEvent::character('x')), Outcome::Ignored);
  // A refresh that removes rows above keeps the same row selected.
  rows.erase(rows.begin(), rows.begin() + 2);
  keys.erase(keys.begin(), keys.begin() + 2);
  src->set_rows(rows, keys);
  EXPECT_EQ(t.selected_key(), "k5");
  EXPECT_EQ(t.selected_row(), 3u);
  t.handle_key(KeyEvent::character('g'));
  EXPECT_EQ(t.selected_key(), "k2");
  EXPECT_EQ(t.handle_key(KeyEvent::character('k')), Outcome::Handled);  // already at the top
}

TEST(Table, MouseSelectsRowsAndSortsByHeader) {
  Table t;
  t.set_source(instances());
  draw(t, 40, 5);
  t.handle_key(KeyEvent::click(3, 3));
  EXPECT_EQ(t.selected_key(), "i-3");
  t.handle_key(KeyEvent::click(9, 0));  // STATE header
  EXPECT_EQ(t.sort_column(), 1);
  EXPECT_TRUE(t.sort_ascending());
  t.handle_key(KeyEvent::click(9, 0));
  EXPECT_FALSE(t.sort_ascending());
  t.handle_key(KeyEvent::click(3, 3, MouseAction::WheelUp));
  EXPECT_EQ(t.selected_key(), "i-1");
}

TEST(Table, WideCharactersAreMeasured) {
  auto src = std::make_shared<VectorTableSource>(std::vector<Column>{{"NAME", 4, 8, 0}, {"X", 1, 3, 0}});
  src->set_rows({{{"日本語テキスト"}, {"1"}}});
  Table t;
  t.set_source(src);
  EXPECT_EQ(draw(t, 20, 2), " NAME     X\n▶日本語…  1\n");  // a wide character is never split
}

TEST(Table, TypingNarrowsAndBackspaceWidensTheFilter) {
  Table t;
  t.set_source(instances());
  t.set_filter("a");
  EXPECT_EQ(t.shown_rows(), 3u);  // api-1, worker (t3.large), api-2
  t.set_filter("ap");
  EXPECT_EQ(t.shown_rows(), 2u);
  t.set_filter("api-2");
  EXPECT_EQ(t.shown_rows(), 1u);
  t.set_filter("ap");
  EXPECT_EQ(t.shown_rows(), 2u);
  t.set_filter("!ap");
  EXPECT_EQ(t.shown_rows(), 1u);
}

TEST(TextFilterRegex, IgnoresCaseOnBothSidesButKeepsEscapeClasses) {
  TextFilter upper("~^I-0[A-F0-9]+$");
  EXPECT_TRUE(upper.matches("i-0abc123"));
  EXPECT_TRUE(upper.matches("I-0ABC123"));
  EXPECT_FALSE(upper.matches("i-0xyz"));
  // \D stays "not a digit" (lower-casing it would make it \d).
  TextFilter nondigit("~^\\D+$");
  EXPECT_TRUE(nondigit.matches("Clinic-API"));
  EXPECT_FALSE(nondigit.matches("db-01"));
  // The match position is that of the original text.
  TextFilter word("/API/");
  auto [begin, length] = word.first_match("weight-loss-api");
  EXPECT_EQ(begin, 12u);
  EXPECT_EQ(length, 3u);
  EXPECT_FALSE(TextFilter("~[").error().empty());
}

TEST(TextFilterRegex, LoweredTextGivesTheSameAnswers) {
  for (const char* f : {"api", "!api", "~^clinic-[a-z]+$", "/DB-0\\d/", "!/STOPP?ED/"}) {
    TextFilter filter(f);
    for (const char* text : {"Clinic-API running", "clinic-db-01 stopped", "therapy stoped"}) {
      std::string lowered(text);
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(filter.matches(text), filter.matches_lowered(lowered)) << f << " on " << text;
    }
  }
}
