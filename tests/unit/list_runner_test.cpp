#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/list_runner.hpp"
#include "app/plain_table.hpp"
#include "app/resources/resource_lists.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::app {
namespace {

using testing::captured;

testing::ScriptedCaller world(bool with_lightsail) {
  testing::ScriptedCaller sc;
  sc.bodies["ec2:DescribeInstances"] = {captured("ec2_DescribeInstances.xml")};
  sc.bodies["rds:DescribeDBInstances"] = {captured("rds_DescribeDBInstances.xml")};
  sc.bodies["cloudwatch:DescribeAlarms"] = {captured("cloudwatch_DescribeAlarms.json")};
  sc.bodies["ecs:ListClusters"] = {captured("ecs_ListClusters.json")};
  sc.bodies["ecs:ListServices"] = {captured("ecs_ListServices.json")};
  sc.bodies["ecs:DescribeServices"] = {captured("ecs_DescribeServices.json")};
  if (with_lightsail) {
    sc.bodies["lightsail:GetInstances"] = {captured("lightsail_GetInstances.json")};
    sc.bodies["lightsail:GetContainerServices"] = {captured("lightsail_GetContainerServices.json")};
  }
  return sc;
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& o) {
  std::vector<std::string> k;
  for (const auto& [key, v] : o.items()) k.push_back(key);
  return k;
}

TEST(ListRunner, JsonHasExactlyTheDocumentedKeys) {
  for (const char* kind : {"instances", "databases", "alarms", "services"}) {
    auto sc = world(true);
    auto o = run_list(kind, "json", sc.async_caller());
    ASSERT_EQ(o.exit_code, 0) << kind << o.err;
    auto arr = nlohmann::ordered_json::parse(o.out);
    ASSERT_TRUE(arr.is_array());
    ASSERT_FALSE(arr.empty()) << kind;
    for (const auto& row : arr) EXPECT_EQ(keys_of(row), find_resource_list(kind)->keys) << kind;
  }
}

TEST(ListRunner, InstancesMergeEc2AndLightsail) {
  auto sc = world(true);
  auto o = run_list("instances", "json", sc.async_caller());
  auto arr = nlohmann::json::parse(o.out);
  ASSERT_EQ(arr.size(), 6u);
  int lightsail = 0;
  for (const auto& r : arr) lightsail += r["source"] == "lightsail";
  EXPECT_EQ(lightsail, 2);
  EXPECT_TRUE(o.err.empty()) << o.err;
}

TEST(ListRunner, LightsailFailureIsAWarningNotAnError) {
  auto sc = world(false);  // no scripted Lightsail answer: the call fails
  auto o = run_list("services", "json", sc.async_caller());
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(o.out).size(), 1u);
  EXPECT_NE(o.err.find("warning"), std::string::npos);
  EXPECT_NE(o.err.find("lightsail:GetContainerServices"), std::string::npos);
}

TEST(ListRunner, AlarmsSortedBySeverityAndTableAligned) {
  auto sc = world(true);
  auto o = run_list("alarms", "table", sc.async_caller());
  ASSERT_EQ(o.exit_code, 0);
  auto first_nl = o.out.find('\n');
  EXPECT_EQ(o.out.substr(0, 4), "NAME");
  auto second = o.out.substr(first_nl + 1, o.out.find('\n', first_nl + 1) - first_nl - 1);
  EXPECT_EQ(second.rfind("api-cpu-high", 0), 0u) << o.out;
  // Column STATE starts at the same display column on every line.
  EXPECT_NE(o.out.find("queue depth ✓"), std::string::npos);
}

TEST(ListRunner, ErrorsNameOperationAndMapExitCodes) {
  aws::SyncCaller denied = [](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
    aws::Error e = aws::make_error(aws::ErrorKind::Credentials, "The security token is invalid");
    e.code = "AuthFailure";
    e.http_status = 401;
    e.operation = r.name();
    e.endpoint = "http://127.0.0.1:1";
    return e;
  };
  auto o = run_list("instances", "json", aws::inline_async_caller(denied));
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_TRUE(o.out.empty());
  EXPECT_NE(o.err.find("ec2:DescribeInstances at http://127.0.0.1:1"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("AuthFailure"), std::string::npos);
  EXPECT_NE(o.err.find("AWS_ACCESS_KEY_ID"), std::string::npos);  // what to do

  aws::SyncCaller html = [](const aws::AwsRequest&) -> aws::Result<aws::HttpResponse> {
    aws::HttpResponse r;
    r.status = 200;
    r.body = "<html><body>captive portal</body></html>";
    return r;
  };
  auto p = run_list("databases", "table", aws::inline_async_caller(html));
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_NE(p.err.find("rds:DescribeDBInstances"), std::string::npos) << p.err;
}

TEST(PlainTable, SanitisesRemoteText) {
  EXPECT_EQ(sanitize_for_terminal("ok\x1b[31mred\a"), "ok␛[31mred␇");
  EXPECT_EQ(sanitize_for_terminal("a\nb\tc\x7f"), "a␊b␉c␡");
  EXPECT_EQ(sanitize_for_terminal("\xc2\x9b" "2J").find("\xc2\x9b"), std::string::npos);  // C1 CSI
  EXPECT_EQ(sanitize_for_terminal("bad\xff"), "bad\xEF\xBF\xBD");                  // invalid UTF-8
  EXPECT_EQ(sanitize_for_terminal("x\u202Ey").find("\u202E"), std::string::npos);  // bidi override
  EXPECT_EQ(sanitize_for_terminal("ünïcødé ✓ 東京"), "ünïcødé ✓ 東京");
  PlainTable t({"NAME", "STATE"});
  t.add_row({"東京", "running"});
  t.add_row({"evil\x1b]0;pwn\a", "ok"});
  auto s = t.render();
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  // Widest cell "evil␛]0;pwn␇" is 12 columns; the wide glyphs count 2 columns each.
  EXPECT_NE(s.find("NAME          STATE\n"), std::string::npos) << s;
  EXPECT_NE(s.find("東京          running\n"), std::string::npos) << s;
}

}  // namespace
}  // namespace opsdeck::app
