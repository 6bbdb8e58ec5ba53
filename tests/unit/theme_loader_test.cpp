#include <gtest/gtest.h>

#include <filesystem>

#include "widgets/theme_loader.hpp"

using namespace opsdeck::ui;

TEST(ThemeLoader, ShippedThemesLoadWithoutProblems) {
  std::filesystem::path dir = std::filesystem::path(OPSDECK_SOURCE_DIR) / "themes";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ThemeLoadResult r = load_theme_file(entry.path());
    EXPECT_TRUE(r.problems.empty()) << entry.path() << ": " << (r.problems.empty() ? "" : r.problems[0]);
    EXPECT_FALSE(r.fell_back);
    ++count;
  }
  EXPECT_GE(count, 4);
  // dark.json describes the compiled-in default exactly.
  ThemeLoadResult dark = load_theme_file(dir / "dark.json");
  Theme builtin = Theme::builtin_dark();
  for (std::size_t i = 0; i < kRoleCount; ++i)
    EXPECT_EQ(dark.theme.styles[i], builtin.styles[i]) << role_name(static_cast<Role>(i));
}

TEST(ThemeLoader, BrokenJsonIsReportedWithLineAndColumn) {
  std::string text = "{\n  \"name\": \"x\",\n  \"roles\": {\n    \"title\": { \"fg\": red }\n  }\n}\n";
  ThemeLoadResult r = parse_theme(text, "bad.json");
  EXPECT_TRUE(r.fell_back);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].rfind("bad.json:4:22: syntax error", 0), 0u) << r.problems[0];
  EXPECT_NE(r.problems[0].find("using the built-in default theme"), std::string::npos);
  EXPECT_EQ(r.theme.style(Role::Title), Theme::builtin_dark().style(Role::Title));
}

TEST(ThemeLoader, PositionCountsLinesAndCharacters) {
  EXPECT_EQ(position_of("ab\ncd", 4).line, 2);
  EXPECT_EQ(position_of("ab\ncd", 4).column, 2);
  EXPECT_EQ(position_of("é\nx", 1).column, 2);  // inside a character still counts it once
}

TEST(ThemeLoader, UnknownRolesAndBadValuesAreReportedMissingRolesFallBack) {
  ThemeLoadResult r = parse_theme(R"({"name":"t","roles":{
      "state-bad":{"fg":"bright-red","bold":true},
      "alarm-sate":{"fg":"red"},
      "title":{"fg":"purple","blink":true},
      "graph":{"fg":"#ff0000","bg":300}}})",
                                  "t.json");
  EXPECT_FALSE(r.fell_back);
  EXPECT_EQ(r.theme.name, "t");
  EXPECT_EQ(r.theme.style(Role::StateBad).fg, 9);
  EXPECT_TRUE(r.theme.style(Role::StateBad).bold);
  EXPECT_EQ(r.theme.style(Role::Graph).fg, 196);  // #ff0000 in the 256-colour cube
  EXPECT_EQ(r.theme.style(Role::Header), Theme::builtin_dark().style(Role::Header));  // missing: default
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0], "t.json: unknown role 'alarm-sate'");
  EXPECT_NE(r.problems[1].find("bad colour 300"), std::string::npos);
  EXPECT_NE(r.problems[2].find("unknown attribute 'blink'"), std::string::npos);
  EXPECT_NE(r.problems[3].find("bad colour \"purple\""), std::string::npos);
}

TEST(ThemeLoader, NoColorAndDumbTerminalsGetMonochrome) {
  TerminalTraits nc;
  nc.no_color = true;
  ThemeLoadResult r = resolve_theme("light", "/nonexistent", nc);
  EXPECT_EQ(r.theme.name, "monochrome");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("NO_COLOR"), std::string::npos);
  TerminalTraits dumb;
  dumb.dumb = true;
  EXPECT_EQ(resolve_theme("", "/nonexistent", dumb).theme.name, "monochrome");
  EXPECT_TRUE(resolve_theme("", "/nonexistent", dumb).problems.empty());
}

TEST(ThemeLoader, ResolvesNamesFilesAndMissingThemes) {
  TerminalTraits tty;
  std::filesystem::path dir = std::filesystem::path(OPSDECK_SOURCE_DIR) / "themes";
  EXPECT_EQ(resolve_theme("", dir, tty).theme.name, "default");
  EXPECT_EQ(resolve_theme("light", dir, tty).theme.name, "light");
  EXPECT_EQ(resolve_theme((dir / "high-contrast.json").string(), "/x", tty).theme.name, "high-contrast");
  ThemeLoadResult missing = resolve_theme("solarized", dir, tty);
  EXPECT_TRUE(missing.fell_back);
  EXPECT_EQ(missing.theme.name, "default");
}

TEST(ThemeAdapt, FallsBackToWhatTheTerminalCanShow) {
  Style s;
  s.fg = 196;  // bright red in the cube
  s.bg = 238;
  Style eight = adapt_style(s, Role::Default, {8});
  EXPECT_EQ(eight.fg, 1);
  EXPECT_EQ(eight.bg, 0);
  Style none = adapt_style(s, Role::Default, {0});
  EXPECT_EQ(none.fg, kDefaultColour);
  EXPECT_TRUE(none.reverse);  // it had a background: keep it distinguishable
  Style sel = adapt_style(Theme::monochrome().style(Role::Selected), Role::Selected, {0});
  EXPECT_TRUE(sel.reverse);
  EXPECT_EQ(adapt_style(s, Role::Default, {256}), s);
}
