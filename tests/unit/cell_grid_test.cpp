#include <gtest/gtest.h>

#include "widgets/cell_grid.hpp"
#include "widgets/unicode_width.hpp"

using namespace opsdeck::ui;

TEST(UnicodeWidth, MeasuresWideCombiningAndInvalid) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("日本"), 4);
  EXPECT_EQ(display_width("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(display_width("\xFF\xFE"), 2);   // two invalid bytes -> two U+FFFD
  EXPECT_EQ(fit_prefix("日本語", 5), "日本");
}

TEST(CellGrid, PutsTextClipsAndKeepsWideCharactersWhole) {
  CellGrid g(6, 2);
  EXPECT_EQ(g.put(0, 0, "hello world", Role::Default), 6);
  EXPECT_EQ(g.put(0, 1, "ab日本", Role::Default, 5), 4);
  EXPECT_EQ(g.to_text(), "hello\nab日\n");
}

TEST(CellGrid, CombiningMarksJoinThePreviousCell) {
  CellGrid g(4, 1);
  g.put(0, 0, "e\xCC\x81x", Role::Default);
  EXPECT_EQ(g.at(0, 0).glyph, "e\xCC\x81");
  EXPECT_EQ(g.at(1, 0).glyph, "x");
}

TEST(CellGrid, ControlCharactersNeverReachTheGrid) {
  CellGrid g(8, 1);
  g.put(0, 0, "a\x1b[2Jb", Role::Default);
  EXPECT_EQ(g.row_text(0), "a?[2Jb");
}

TEST(CellGrid, FramesWithTitle) {
  CellGrid g(10, 3);
  g.frame(g.bounds(), Role::Border, "Logs");
  EXPECT_EQ(g.to_text(), "┌─ Logs ─┐\n│        │\n└────────┘\n");
}
