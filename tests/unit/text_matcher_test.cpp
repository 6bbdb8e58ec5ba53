#include <gtest/gtest.h>

#include "widgets/text_matcher.hpp"

namespace opsdeck::ui {
namespace {

TEST(TextMatcher, RequiredLiteralIsOnlyWhatEveryMatchContains) {
  EXPECT_EQ(required_literal(R"( 50\d )"), " 50");
  EXPECT_EQ(required_literal("ERROR.*charge"), "charge");
  EXPECT_EQ(required_literal("a|b"), "");
  EXPECT_EQ(required_literal("colou?r"), "colo");
  EXPECT_EQ(required_literal(R"(x(optional)?yz)"), "yz");
  EXPECT_EQ(required_literal(R"(a\.b[cd]ef)"), "a.b");
  EXPECT_EQ(required_literal("ab+c"), "ab");
  EXPECT_EQ(required_literal(R"(\d+ms)"), "ms");
}

TEST(TextMatcher, SmartCaseRegexAndSubstring) {
  auto sub = TextMatcher::parse("timeout");
  ASSERT_TRUE(sub);
  EXPECT_TRUE(sub->matches("read TIMEOUT after 5s"));
  auto exact = TextMatcher::parse("Timeout");
  EXPECT_FALSE(exact->matches("read TIMEOUT"));
  auto re = TextMatcher::parse(R"(/status=5\d\d/)");
  ASSERT_TRUE(re);
  EXPECT_TRUE(re->matches("x STATUS=503 y"));  // no upper case: ignore case
  EXPECT_FALSE(re->matches("status=404"));
  std::size_t b = 0, n = 0;
  ASSERT_TRUE(re->find("a status=500 status=502", 0, b, n));
  EXPECT_EQ(b, 2U);
  ASSERT_TRUE(re->find("a status=500 status=502", 3, b, n));
  EXPECT_EQ(b, 13U);
  EXPECT_EQ(n, 10U);
  std::string err;
  EXPECT_FALSE(TextMatcher::parse("/(/", &err));
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace opsdeck::ui
