#include <gtest/gtest.h>

#include <string>

#include "app/logs/log_buffer.hpp"

namespace opsdeck::app {
namespace {

TEST(LogBuffer, StoresLinesInOrderAndStripsNewlines) {
  LogBuffer b;
  const auto src = b.intern_source("g/s");
  EXPECT_EQ(b.intern_source("g/s"), src);
  b.append(10, src, "one\n");
  b.append(20, src, "two\r\n");
  b.append(30, src, "");
  ASSERT_EQ(b.size(), 3U);
  EXPECT_EQ(b.at(0).text, "one");
  EXPECT_EQ(b.at(1).text, "two");
  EXPECT_EQ(b.at(2).text, "");
  EXPECT_EQ(b.at(1).timestamp_ms, 20);
  EXPECT_EQ(b.source_name(b.at(0).source), "g/s");
}

TEST(LogBuffer, LineCapEvictsOldestAndSequenceNumbersKeepGrowing) {
  LogBuffer b({.max_lines = 3});
  for (int i = 0; i < 10; ++i) b.append(i, 0, "line " + std::to_string(i));
  EXPECT_EQ(b.size(), 3U);
  EXPECT_EQ(b.first_seq(), 7U);
  EXPECT_EQ(b.evicted(), 7U);
  EXPECT_FALSE(b.line(6).has_value());
  ASSERT_TRUE(b.line(9).has_value());
  EXPECT_EQ(b.line(9)->text, "line 9");
}

TEST(LogBuffer, ByteCapEvictsAndFreesBlocks) {
  LogBuffer b({.max_lines = 1'000'000, .max_bytes = 64 * 1024, .block_bytes = 4096});
  const std::string line(100, 'x');
  for (int i = 0; i < 10'000; ++i) b.append(i, 0, line + std::to_string(i));
  EXPECT_LE(b.text_bytes(), 64U * 1024);
  EXPECT_GT(b.text_bytes(), 60U * 1024);
  EXPECT_EQ(b.at(b.size() - 1).text, line + "9999");
  // Blocks are recycled: allocation stays near the cap, not near the 1 MB written.
  EXPECT_LT(b.allocated_bytes(), 64U * 1024 + 3 * 4096 + b.size() * 24 + 4096);
}

TEST(LogBuffer, MegabyteLineKeptWholeLongerLinesCutAndMarked) {
  LogBuffer b;
  std::string mb(1 << 20, 'a');
  mb.back() = 'z';
  b.append(1, 0, mb);
  b.append(2, 0, mb + "overflow");
  EXPECT_EQ(b.at(0).text.size(), 1U << 20);
  EXPECT_EQ(b.at(0).text.back(), 'z');
  EXPECT_FALSE(b.at(0).truncated);
  EXPECT_EQ(b.at(1).text.size(), 1U << 20);
  EXPECT_TRUE(b.at(1).truncated);
}

TEST(LogBuffer, KeepsBytesVerbatimIncludingInvalidUtf8AndControls) {
  LogBuffer b;
  const std::string raw = std::string("\x1b[31mred\xff\xfe\x00tail", 14);
  b.append(0, 0, raw);
  EXPECT_EQ(b.at(0).text, raw);
}

TEST(LogBuffer, EmptyLinesBeforeAnyBlockAndClear) {
  LogBuffer b({.max_lines = 2});
  b.append(0, 0, "");
  b.append(0, 0, "a");
  b.append(0, 0, "");
  EXPECT_EQ(b.at(0).text, "a");
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.first_seq(), 3U);
  b.append(0, 0, "b");
  EXPECT_EQ(b.line(3)->text, "b");
}

}  // namespace
}  // namespace opsdeck::app
