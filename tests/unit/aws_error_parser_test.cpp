#include <gtest/gtest.h>

#include "aws/error_parser.hpp"

using namespace opsdeck::aws;

namespace {
HttpResponse resp(int status, std::string body, HeaderList headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}
}  // namespace

TEST(ErrorParser, Ec2ResponseErrors) {
  auto e = parse_error(resp(401,
                            "<?xml version=\"1.0\"?><Response><Errors><Error><Code>AuthFailure</Code>"
                            "<Message>AWS was not able to validate the provided access credentials</Message>"
                            "</Error></Errors><RequestID>req-1</RequestID></Response>"),
                       Protocol::Ec2Query);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "AuthFailure");
  EXPECT_EQ(e->kind, ErrorKind::Credentials);
  EXPECT_EQ(e->http_status, 401);
  EXPECT_EQ(e->request_id, "req-1");
  EXPECT_FALSE(e->retryable);
  EXPECT_FALSE(e->hint.empty());
}

TEST(ErrorParser, QueryErrorResponseAndThrottling) {
  auto e = parse_error(resp(400,
                            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                            "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                            "<RequestId>abc</RequestId></ErrorResponse>"),
                       Protocol::AwsQuery);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "Throttling");
  EXPECT_EQ(e->message, "Rate exceeded");
  EXPECT_EQ(e->request_id, "abc");
  EXPECT_TRUE(e->retryable);
  EXPECT_EQ(e->kind, ErrorKind::Aws);
}

TEST(ErrorParser, QueryNotFoundCodesMapToNotFound) {
  auto e = parse_error(resp(404,
                            "<ErrorResponse><Error><Code>DBInstanceNotFound</Code><Message>DBInstance x not "
                            "found.</Message></Error><RequestId>r</RequestId></ErrorResponse>"),
                       Protocol::AwsQuery);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ErrorKind::NotFound);
}

TEST(ErrorParser, JsonTypeFollowsBotocoreRules) {
  EXPECT_EQ(json_error_code("com.amazonaws.logs#ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(json_error_code("ResourceNotFoundException:http://internal.amazon.com/"), "ResourceNotFoundException");
  EXPECT_EQ(json_error_code("aws.protocoltests#Foo:bar"), "Foo");
  auto e = parse_error(resp(400, R"({"__type":"com.amazonaws.ssm#ParameterNotFound","message":"nope"})",
                            {{"x-amzn-requestid", "rid"}}),
                       Protocol::Json11);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "ParameterNotFound");
  EXPECT_EQ(e->message, "nope");
  EXPECT_EQ(e->request_id, "rid");
  EXPECT_EQ(e->kind, ErrorKind::NotFound);
  auto m = parse_error(resp(400, R"({"__type":"ExpiredTokenException","Message":"expired"})"), Protocol::Json11);
  EXPECT_EQ(m->message, "expired");
  EXPECT_EQ(m->kind, ErrorKind::Credentials);
  auto u = parse_error(resp(400, R"({"__type":"UnrecognizedClientException","message":"bad"})"), Protocol::Json11);
  EXPECT_EQ(u->kind, ErrorKind::Credentials);
}

TEST(ErrorParser, QueryErrorHeaderWinsForQueryCompatibleServices) {
  auto e = parse_error(resp(400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no queue"})",
                            {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"}}),
                       Protocol::Json10);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "AWS.SimpleQueueService.NonExistentQueue");
  EXPECT_EQ(e->kind, ErrorKind::NotFound);
}

TEST(ErrorParser, ErrorTypeHeaderIsTheFallback) {
  auto e = parse_error(resp(400, "{}", {{"x-amzn-errortype", "ThrottlingException:http://internal/"}}),
                       Protocol::Json11);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "ThrottlingException");
  EXPECT_TRUE(e->retryable);
}

TEST(ErrorParser, HtmlAndGarbageErrorBodies) {
  auto h = parse_error(resp(502, "<html><body><h1>502 Bad Gateway</h1>\x1b[31m</body></html>"), Protocol::Json11);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->code, "");
  EXPECT_EQ(h->http_status, 502);
  EXPECT_TRUE(h->retryable);
  EXPECT_NE(h->message.find("HTML"), std::string::npos);
  EXPECT_EQ(h->message.find('\x1b'), std::string::npos);
  auto g = parse_error(resp(400, "\x01\x02 not xml"), Protocol::AwsQuery);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->retryable);
  auto x = parse_error(resp(500, "<ErrorResponse><Err"), Protocol::AwsQuery);
  ASSERT_TRUE(x);
  EXPECT_TRUE(x->retryable);
  auto forbidden = parse_error(resp(403, ""), Protocol::AwsQuery);
  EXPECT_EQ(forbidden->kind, ErrorKind::Credentials);
}

TEST(ErrorParser, SuccessWithWrongBodyIsAParseError) {
  EXPECT_FALSE(parse_error(resp(200, "<DescribeInstancesResponse/>"), Protocol::Ec2Query));
  EXPECT_FALSE(parse_error(resp(200, "{\"a\":1}"), Protocol::Json11));
  EXPECT_FALSE(parse_error(resp(204, ""), Protocol::RestXml));
  auto html = parse_error(resp(200, "<!DOCTYPE html><html>captive portal</html>"), Protocol::Ec2Query);
  ASSERT_TRUE(html);
  EXPECT_EQ(html->kind, ErrorKind::Parse);
  EXPECT_NE(html->message.find("HTML"), std::string::npos);
  auto empty = parse_error(resp(200, ""), Protocol::Json10);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->kind, ErrorKind::Parse);
  auto xml_for_json = parse_error(resp(200, "<x/>"), Protocol::Json11);
  ASSERT_TRUE(xml_for_json);
}

TEST(ErrorParser, SanitizeRemovesControlsAndBoundsLength) {
  EXPECT_EQ(sanitize_remote_text("a\x1b[2Jb\n\tc"), "a [2Jb c");
  EXPECT_LE(sanitize_remote_text(std::string(1000, 'x'), 50).size(), 54u);
}
