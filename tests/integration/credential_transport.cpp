// How credentials travel from the container and instance metadata endpoints: never through
// a proxy (while ordinary AWS API calls still go through one), and never from a host the
// AWS SDKs' rule refuses — checked in-process and with the real opsdeck binary.
//
// The "proxy" is a loopback server that records every connection: a request reaching it
// means the proxy environment was honoured. Every test first shows that the environment
// does route ordinary requests there, so a pass cannot come from curl ignoring it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_client.hpp"
#include "aws/credential_container.hpp"
#include "aws/credential_imds.hpp"
#include "aws/credential_static.hpp"
#include "aws/http_fetch.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

using namespace opsdeck;
using opsdeck::testing::CapturedRequest;
using opsdeck::testing::LoopbackHttpServer;

namespace {

const char* kCredJson =
    R"({"Code":"Success","AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s","Token":"tok","Expiration":"2030-01-01T00:00:00Z"})";
const char* kContainerToken = "container-token-must-stay-local";

const std::vector<std::string> kProxyVars = {"http_proxy",  "HTTP_PROXY", "https_proxy",
                                             "HTTPS_PROXY", "all_proxy",  "ALL_PROXY"};

// Points every proxy variable at `url` and clears NO_PROXY for the life of the object.
class ProxyEnvironment {
 public:
  explicit ProxyEnvironment(const std::string& url) {
    for (const auto& k : kProxyVars) save_and_set(k, url);
    for (const char* k : {"NO_PROXY", "no_proxy"}) save_and_set(k, std::nullopt);
  }
  ~ProxyEnvironment() {
    for (const auto& [k, v] : saved_) {
      if (v)
        ::setenv(k.c_str(), v->c_str(), 1);
      else
        ::unsetenv(k.c_str());
    }
  }
  ProxyEnvironment(const ProxyEnvironment&) = delete;
  ProxyEnvironment& operator=(const ProxyEnvironment&) = delete;

 private:
  void save_and_set(const std::string& k, const std::optional<std::string>& v) {
    const char* old = std::getenv(k.c_str());
    saved_.emplace_back(k, old ? std::optional<std::string>(old) : std::nullopt);
    if (v)
      ::setenv(k.c_str(), v->c_str(), 1);
    else
      ::unsetenv(k.c_str());
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

aws::EnvLookup env(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

LoopbackHttpServer recording_proxy() {
  return LoopbackHttpServer([](const CapturedRequest&) {
    return LoopbackHttpServer::response(502, "proxy: not for credentials", {}, "text/plain");
  });
}

bool anything_mentions(const std::vector<CapturedRequest>& reqs, const std::string& needle) {
  for (const auto& r : reqs) {
    if (r.target.find(needle) != std::string::npos || r.body.find(needle) != std::string::npos)
      return true;
    for (const auto& [k, v] : r.headers)
      if (v.find(needle) != std::string::npos) return true;
  }
  return false;
}

// An ordinary (proxied) GET to `url`: shows the environment really sends requests to the proxy.
void expect_environment_routes_through(const LoopbackHttpServer& proxy, const std::string& url) {
  int before = proxy.request_count();
  aws::HttpRequest r;
  r.method = "GET";
  r.scheme = "http";
  r.host = url.substr(std::string("http://").size());
  r.path = "/control";
  auto resp = aws::fetch_sync(r, std::chrono::seconds(5), std::chrono::seconds(10));
  ASSERT_TRUE(resp.ok()) << resp.error().describe();
  EXPECT_EQ(resp->status, 502);
  ASSERT_EQ(proxy.request_count(), before + 1)
      << "the proxy environment is not honoured; the test proves nothing";
  EXPECT_EQ(proxy.requests().back().target, url + "/control");  // absolute-form: a proxy request
}

}  // namespace

TEST(CredentialTransport, ContainerEndpointIsFetchedDirectlyNeverThroughTheProxy) {
  LoopbackHttpServer proxy = recording_proxy();
  LoopbackHttpServer ecs([](const CapturedRequest& r) {
    const std::string* auth = r.header("authorization");
    if (!auth || *auth != kContainerToken) return LoopbackHttpServer::response(401, "");
    return LoopbackHttpServer::response(200, kCredJson, {}, "application/json");
  });
  ProxyEnvironment pe(proxy.url());
  expect_environment_routes_through(proxy, ecs.url());
  const int proxied_before = proxy.request_count();

  aws::ContainerCredentialsProvider p(
      env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/v2/credentials/abc"},
           {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}));
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIACONTAINER");
  ASSERT_EQ(ecs.request_count(), 1);
  EXPECT_EQ(ecs.requests().at(0).target, "/v2/credentials/abc");
  EXPECT_EQ(proxy.request_count(), proxied_before);
  EXPECT_FALSE(anything_mentions(proxy.requests(), kContainerToken));
  EXPECT_FALSE(anything_mentions(proxy.requests(), "/v2/credentials"));
}

TEST(CredentialTransport, InstanceMetadataIsFetchedDirectlyNeverThroughTheProxy) {
  LoopbackHttpServer proxy = recording_proxy();
  LoopbackHttpServer imds([](const CapturedRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token")
      return LoopbackHttpServer::response(200, "IMDSTOKEN", {}, "text/plain");
    const std::string* tok = r.header("x-aws-ec2-metadata-token");
    if (!tok || *tok != "IMDSTOKEN") return LoopbackHttpServer::response(401, "");
    if (r.target == "/latest/meta-data/iam/security-credentials/")
      return LoopbackHttpServer::response(200, "web-role", {}, "text/plain");
    if (r.target == "/latest/meta-data/iam/security-credentials/web-role")
      return LoopbackHttpServer::response(200, kCredJson, {}, "application/json");
    return LoopbackHttpServer::response(404, "");
  });
  ProxyEnvironment pe(proxy.url());
  expect_environment_routes_through(proxy, imds.url());
  const int proxied_before = proxy.request_count();

  aws::ImdsCredentialsProvider p(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}}));
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIACONTAINER");
  EXPECT_EQ(imds.request_count(), 3);
  EXPECT_EQ(proxy.request_count(), proxied_before);
  EXPECT_FALSE(anything_mentions(proxy.requests(), "IMDSTOKEN"));
  EXPECT_FALSE(anything_mentions(proxy.requests(), "/latest/"));
}

TEST(CredentialTransport, OrdinaryApiCallsStillHonourTheProxy) {
  const std::string ok_xml =
      "<DescribeInstancesResponse "
      "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r1</requestId>"
      "<reservationSet/></DescribeInstancesResponse>";
  LoopbackHttpServer proxy(
      [&](const CapturedRequest&) { return LoopbackHttpServer::response(200, ok_xml); });
  LoopbackHttpServer service(
      [&](const CapturedRequest&) { return LoopbackHttpServer::response(200, ok_xml); });
  ProxyEnvironment pe(proxy.url());
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = service.url();
  o.max_attempts = 1;
  aws::AwsClient client(o, std::make_shared<aws::StaticCredentialsProvider>(
                               aws::Credentials{"AKIDPROXYTEST", "secret", "", {}, "test"}));
  aws::AwsRequest req;
  req.service = &aws::services::ec2;
  req.operation = "DescribeInstances";
  auto r = client.call_sync(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(proxy.request_count(), 1);
  EXPECT_EQ(service.request_count(), 0);
  ASSERT_EQ(proxy.requests().size(), 1u);
  EXPECT_EQ(proxy.requests().at(0).target.rfind(service.url(), 0), 0u)
      << proxy.requests().at(0).target;
}

TEST(CredentialTransport, LookalikeLoopbackHostIsRefusedBeforeAnythingIsSent) {
  LoopbackHttpServer proxy = recording_proxy();
  ProxyEnvironment pe(proxy.url());
  for (const char* url :
       {"http://127.evil.example/", "http://127.0.0.1@127.evil.example/", "http://2130706433/"}) {
    aws::ContainerCredentialsProvider p(
        env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url},
             {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken}}));
    auto c = p.get();
    ASSERT_FALSE(c.ok()) << url;
    EXPECT_EQ(c.error().kind, aws::ErrorKind::Credentials);
    EXPECT_FALSE(aws::is_not_configured(c.error()));
    const std::string& m = c.error().message;
    EXPECT_NE(m.find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos) << m;
    EXPECT_EQ(m.find(kContainerToken), std::string::npos) << m;
  }
  auto c = aws::ContainerCredentialsProvider(
               env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.evil.example/"}}))
               .get();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("'127.evil.example' over http"), std::string::npos)
      << c.error().message;
  EXPECT_NE(c.error().message.find("loopback"), std::string::npos) << c.error().message;
  EXPECT_EQ(proxy.request_count(), 0);
}

TEST(CredentialTransport, BinaryWithLookalikeContainerUriEndsWithACredentialsError) {
  opsdeck::testing::TempDir home;
  LoopbackHttpServer proxy = recording_proxy();
  // Where AWS calls would go if credentials were (wrongly) obtained.
  LoopbackHttpServer service(
      [](const CapturedRequest&) { return LoopbackHttpServer::response(500, ""); });
  std::map<std::string, std::string> e = {
      {"HOME", home.path().string()},
      {"AWS_CONFIG_FILE", (home.path() / "config").string()},
      {"AWS_SHARED_CREDENTIALS_FILE", (home.path() / "credentials").string()},
      {"AWS_PROFILE", ""},
      {"AWS_DEFAULT_PROFILE", ""},
      {"AWS_ACCESS_KEY_ID", ""},
      {"AWS_SECRET_ACCESS_KEY", ""},
      {"AWS_SESSION_TOKEN", ""},
      {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ""},
      {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.evil.example/"},
      {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken},
      {"AWS_EC2_METADATA_DISABLED", "true"},
      {"AWS_REGION", "us-east-1"},
      {"AWS_ENDPOINT_URL", service.url()},
      {"NO_PROXY", ""},
      {"no_proxy", ""},
  };
  for (const auto& k : kProxyVars) e[k] = proxy.url();
  auto r =
      opsdeck::testing::run_command({OPSDECK_BINARY, "instances"}, {}, e, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 3) << "stdout: " << r.out
                            << "\nstderr: " << r.err;  // kExitCredentials, not a kill
  EXPECT_NE(r.err.find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("127.evil.example"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(kContainerToken), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(proxy.request_count(), 0);
  EXPECT_EQ(service.request_count(), 0);
}
