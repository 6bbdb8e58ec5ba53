#include <gtest/gtest.h>

#include "aws/sigv4.hpp"

using namespace opsdeck::aws;

// AWS's documented example (IAM ListUsers, GET) from the SigV4 developer guide.
TEST(SigV4, SignsTheDocumentedListUsersExample) {
  HttpRequest r;
  r.method = "GET";
  r.host = "iam.amazonaws.com";
  r.path = "/";
  r.query = {{"Action", "ListUsers"}, {"Version", "2010-05-08"}};
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"Host", "iam.amazonaws.com"}};
  Credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
  SigningParams p;
  p.region = "us-east-1";
  p.service = "iam";
  std::tm tm{};
  tm.tm_year = 115; tm.tm_mon = 7; tm.tm_mday = 30; tm.tm_hour = 12; tm.tm_min = 36;
  p.time = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto s = sigv4_sign(r, c, p);
  EXPECT_EQ(s.signature, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}
