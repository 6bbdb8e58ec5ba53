// Where a port forward goes, as typed after `opsdeck forward --to` and in the console's `f`
// prompt, and as a database endpoint reads.
#include <gtest/gtest.h>

#include "app/ssm/forward_destination.hpp"

namespace opsdeck::app {

TEST(ForwardDestination, PortAloneIsTheInstanceItself) {
  auto d = parse_forward_destination(" 8080 ");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->host, "");
  EXPECT_EQ(d->port, 8080);
  EXPECT_EQ(d->text(), "8080");
}

TEST(ForwardDestination, HostAndPortAndBracketedIpv6) {
  auto d = parse_forward_destination("clinic-db.abc.us-east-1.rds.amazonaws.com:5432");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->host, "clinic-db.abc.us-east-1.rds.amazonaws.com");
  EXPECT_EQ(d->port, 5432);
  auto v6 = parse_forward_destination("[fd00::1]:6379");
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->host, "fd00::1");
  EXPECT_EQ(v6->port, 6379);
}

TEST(ForwardDestination, WhatIsNotADestinationIsRefusedWithTheForm) {
  for (const char* bad : {"", "0", "65536", "-1", "54x", ":5432", "db:", "db:54 32", "fd00::1:80", "a b:80",
                          "db;rm -rf /:80", "[::1]80", "db:5432\n"}) {
    auto d = parse_forward_destination(bad);
    EXPECT_FALSE(d) << "'" << bad << "' was accepted";
    if (!d) {
      EXPECT_EQ(d.error().kind, aws::ErrorKind::Usage) << bad;
    }
  }
  EXPECT_NE(parse_forward_destination("x").error().message.find("PORT or HOST:PORT"), std::string::npos);
}

TEST(ForwardDestination, LocalhostIsTheInstanceItself) {
  for (const char* self : {"localhost:80", "127.0.0.1:80", " localhost:80"}) {
    auto d = parse_forward_destination(self);
    ASSERT_TRUE(d) << self;
    EXPECT_EQ(d->host, "") << self;
    EXPECT_EQ(d->port, 80);
  }
  for (const char* bad : {"nope", "123456", "db:", "[fd00::1]", "[fd00::1]:"})
    EXPECT_FALSE(parse_forward_destination(bad)) << bad;
}

}  // namespace opsdeck::app
