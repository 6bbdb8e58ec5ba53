#include <gtest/gtest.h>

#include "aws/codecs.hpp"
#include "aws/endpoints.hpp"

using namespace opsdeck::aws;

namespace {
Endpoint ep(const char* url) { return *parse_endpoint_url(url); }
AwsRequest make(const ServiceInfo* s, const char* op) {
  AwsRequest r;
  r.service = s;
  r.operation = op;
  return r;
}
}  // namespace

TEST(QueryCodec, Ec2FormCarriesActionVersionAndEncodedParams) {
  AwsRequest r = make(&services::ec2, "DescribeInstances");
  r.params = {{"Filter.1.Name", "tag:Env"}, {"Filter.1.Value.1", "a b+c&d=e*f~g/h é"}};
  auto h = encode_request(r, ep("https://ec2.us-east-1.amazonaws.com"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->method, "POST");
  EXPECT_EQ(h->host, "ec2.us-east-1.amazonaws.com");
  EXPECT_EQ(h->path, "/");
  EXPECT_EQ(h->body,
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AEnv&"
            "Filter.1.Value.1=a+b%2Bc%26d%3De%2Af~g%2Fh+%C3%A9");
  EXPECT_EQ(*h->header("content-type"), "application/x-www-form-urlencoded; charset=utf-8");
}

TEST(QueryCodec, AwsQueryUsesTheServiceApiVersion) {
  AwsRequest r = make(&services::rds, "DescribeDBInstances");
  r.params = {{"Filters.Filter.1.Name", "engine"}};
  auto h = encode_request(r, ep("http://127.0.0.1:5000"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->body, "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=engine");
  EXPECT_EQ(h->scheme, "http");
  EXPECT_EQ(h->host, "127.0.0.1:5000");
}

TEST(JsonCodec, Json11SetsTargetAndContentType) {
  AwsRequest r = make(&services::logs, "FilterLogEvents");
  r.input = {{"logGroupName", "/app"}, {"limit", 10}};
  auto h = encode_request(r, ep("https://logs.eu-west-1.amazonaws.com"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h->header("X-Amz-Target"), "Logs_20140328.FilterLogEvents");
  EXPECT_EQ(*h->header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(h->header("x-amzn-query-mode"), nullptr);
  EXPECT_EQ(nlohmann::json::parse(h->body), r.input);
}

TEST(JsonCodec, QueryCompatibleServicesSendQueryModeWithJson10) {
  for (const ServiceInfo* s : {&services::cloudwatch, &services::sqs}) {
    AwsRequest r = make(s, "Op");
    auto h = encode_request(r, ep("http://127.0.0.1:1"));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h->header("Content-Type"), "application/x-amz-json-1.0");
    ASSERT_NE(h->header("x-amzn-query-mode"), nullptr) << s->id;
    EXPECT_EQ(*h->header("x-amzn-query-mode"), "true");
    EXPECT_EQ(h->body, "{}");
  }
}

TEST(RestCodec, RouteFiftyThreeKeepsPathQueryAndXmlBody) {
  AwsRequest r = make(&services::route53, "ListResourceRecordSets");
  r.method = "GET";
  r.path = "/2013-04-01/hostedzone/Z123/rrset";
  r.query = {{"maxitems", "100"}};
  auto h = encode_request(r, ep("http://127.0.0.1:5000/prefix/"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->method, "GET");
  EXPECT_EQ(h->path, "/prefix/2013-04-01/hostedzone/Z123/rrset");
  EXPECT_EQ(h->url(), "http://127.0.0.1:5000/prefix/2013-04-01/hostedzone/Z123/rrset?maxitems=100");
  EXPECT_EQ(h->header("content-type"), nullptr);
}

TEST(Codecs, RequestWithoutServiceIsAnInternalError) {
  AwsRequest r;
  r.operation = "X";
  auto h = encode_request(r, ep("http://127.0.0.1:1"));
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().kind, ErrorKind::Internal);
}
