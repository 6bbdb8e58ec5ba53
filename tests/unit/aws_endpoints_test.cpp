#include <gtest/gtest.h>

#include <map>

#include "aws/endpoints.hpp"

using namespace opsdeck::aws;

namespace {
EnvLookup env(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST(Endpoints, RegionalDefaultsAndGlobalServices) {
  auto e = resolve_endpoint(services::cloudwatch, "eu-west-2", "", env({}));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->url, "https://monitoring.eu-west-2.amazonaws.com");
  EXPECT_EQ(e->signing_region, "eu-west-2");
  EXPECT_EQ(e->source, "default");
  auto r53 = resolve_endpoint(services::route53, "eu-west-2", "", env({}));
  EXPECT_EQ(r53->url, "https://route53.amazonaws.com");
  EXPECT_EQ(r53->signing_region, "us-east-1");
  EXPECT_EQ(resolve_endpoint(services::ec2, "cn-north-1", "", env({}))->url,
            "https://ec2.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(resolve_endpoint(services::ecr, "us-east-1", "", env({}))->url,
            "https://api.ecr.us-east-1.amazonaws.com");
}

TEST(Endpoints, FlagBeatsServiceVariableBeatsGlobalVariable) {
  auto e = env({{"AWS_ENDPOINT_URL", "http://global:1"}, {"AWS_ENDPOINT_URL_LOGS", "http://logs:2"}});
  EXPECT_EQ(resolve_endpoint(services::logs, "us-east-1", "", e)->url, "http://logs:2");
  EXPECT_EQ(resolve_endpoint(services::logs, "us-east-1", "", e)->source, "AWS_ENDPOINT_URL_LOGS");
  EXPECT_EQ(resolve_endpoint(services::ec2, "us-east-1", "", e)->url, "http://global:1");
  EXPECT_EQ(resolve_endpoint(services::logs, "us-east-1", "http://flag:3", e)->url, "http://flag:3");
  auto ignored = env({{"AWS_ENDPOINT_URL", "http://global:1"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  EXPECT_EQ(resolve_endpoint(services::ec2, "us-east-1", "", ignored)->source, "default");
}

TEST(Endpoints, ServiceVariableNames) {
  EXPECT_EQ(endpoint_env_name(services::ec2), "AWS_ENDPOINT_URL_EC2");
  EXPECT_EQ(endpoint_env_name(services::secretsmanager), "AWS_ENDPOINT_URL_SECRETSMANAGER");
  EXPECT_EQ(endpoint_env_name(services::elbv2), "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2");
}

TEST(Endpoints, BadUrlsAndMissingRegionAreUsageErrors) {
  auto e = resolve_endpoint(services::ec2, "us-east-1", "127.0.0.1:5000", env({}));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::Usage);
  EXPECT_NE(e.error().message.find("--endpoint-url"), std::string::npos);
  auto n = resolve_endpoint(services::ec2, "", "", env({}));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, ErrorKind::Usage);
}

TEST(Endpoints, HostPrefixOnlyOnTheRegionalDefault) {
  auto def = resolve_endpoint(services::logs, "eu-west-1", "", env({}));
  ASSERT_TRUE(def.ok());
  auto prefixed = with_host_prefix(*def, "stream-");
  EXPECT_EQ(prefixed.host, "stream-logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(prefixed.url, "https://stream-logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(prefixed.signing_region, "eu-west-1");
  auto flag = resolve_endpoint(services::logs, "eu-west-1", "http://127.0.0.1:5000", env({}));
  EXPECT_EQ(with_host_prefix(*flag, "stream-").url, "http://127.0.0.1:5000");
  auto var = resolve_endpoint(services::logs, "eu-west-1", "", env({{"AWS_ENDPOINT_URL_LOGS", "http://127.0.0.1:7"}}));
  EXPECT_EQ(with_host_prefix(*var, "stream-").host, "127.0.0.1:7");
}
