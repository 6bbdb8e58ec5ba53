// Credential sources that talk to an endpoint: IMDSv2, ECS container credentials and the
// SSO portal against a loopback server; role_arn + source_profile through moto's STS.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "aws/aws_client.hpp"
#include "aws/credential_container.hpp"
#include "aws/credential_imds.hpp"
#include "aws/credential_profile.hpp"
#include "aws/credential_sso.hpp"
#include "aws/credential_static.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck;
using opsdeck::testing::CapturedRequest;
using opsdeck::testing::LoopbackHttpServer;

namespace {

aws::EnvLookup env(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

const char* kCredJson =
    R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"tok","Expiration":"2030-01-01T00:00:00Z"})";

}  // namespace

TEST(ImdsCredentials, TokenThenRoleThenCredentials) {
  LoopbackHttpServer imds([](const CapturedRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token") {
      if (!r.header("x-aws-ec2-metadata-token-ttl-seconds")) return LoopbackHttpServer::response(400, "");
      return LoopbackHttpServer::response(200, "TOKEN123", {}, "text/plain");
    }
    const std::string* tok = r.header("x-aws-ec2-metadata-token");
    if (!tok || *tok != "TOKEN123") return LoopbackHttpServer::response(401, "");
    if (r.target == "/latest/meta-data/iam/security-credentials/")
      return LoopbackHttpServer::response(200, "web-role", {}, "text/plain");
    if (r.target == "/latest/meta-data/iam/security-credentials/web-role")
      return LoopbackHttpServer::response(200, kCredJson, {}, "application/json");
    return LoopbackHttpServer::response(404, "");
  });
  aws::ImdsCredentialsProvider p(env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}}));
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_EQ(imds.request_count(), 3);
  auto off = aws::ImdsCredentialsProvider(env({{"AWS_EC2_METADATA_DISABLED", "true"}})).get();
  ASSERT_FALSE(off.ok());
  EXPECT_TRUE(aws::is_not_configured(off.error()));
  int dead = opsdeck::testing::free_loopback_port();
  auto absent = aws::ImdsCredentialsProvider(
                    env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(dead)}}))
                    .get();
  ASSERT_FALSE(absent.ok());
  EXPECT_TRUE(aws::is_not_configured(absent.error()));
}

TEST(ContainerCredentials, FullUriWithTokenFile) {
  opsdeck::testing::TempDir d;
  opsdeck::testing::write_file(d.path() / "token", "Bearer abc\n");
  LoopbackHttpServer ecs([](const CapturedRequest& r) {
    const std::string* auth = r.header("authorization");
    if (!auth || *auth != "Bearer abc") return LoopbackHttpServer::response(401, "");
    return LoopbackHttpServer::response(200, kCredJson, {}, "application/json");
  });
  aws::ContainerCredentialsProvider p(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/v2/creds"},
                                           {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (d.path() / "token").string()}}));
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(ecs.requests().at(0).target, "/v2/creds");
  auto remote = aws::ContainerCredentialsProvider(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/x"}})).get();
  EXPECT_FALSE(remote.ok());  // plain http only to loopback / ECS / EKS hosts
}

TEST(SsoCredentials, CachedTokenIsExchangedAtThePortal) {
  opsdeck::testing::TempDir home;
  aws::SsoParams sp{"sso-dev", "my-sso", "https://example.awsapps.com/start", "eu-west-1", "111122223333", "ReadOnly"};
  std::filesystem::create_directories(home.path() / ".aws/sso/cache");
  opsdeck::testing::write_file(home.path() / ".aws/sso/cache" / (aws::SsoCredentialsProvider::cache_key(sp) + ".json"),
                               R"({"accessToken":"SSOTOKEN","expiresAt":"2099-01-01T00:00:00Z","region":"eu-west-1"})");
  LoopbackHttpServer portal([](const CapturedRequest& r) {
    const std::string* t = r.header("x-amz-sso_bearer_token");
    if (!t || *t != "SSOTOKEN") return LoopbackHttpServer::response(401, "{}", {}, "application/json");
    return LoopbackHttpServer::response(
        200,
        R"({"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":1893456000000}})",
        {}, "application/json");
  });
  auto e = env({{"HOME", home.path().string()}, {"AWS_ENDPOINT_URL_SSO", portal.url()}});
  auto c = aws::SsoCredentialsProvider(sp, e).get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIASSO");
  EXPECT_EQ(c->account_id, "111122223333");  // the account the portal issued them for
  EXPECT_EQ(c->caller_arn, "");               // the portal does not say the role's session ARN
  ASSERT_TRUE(c->expiration);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*c->expiration), 1893456000);
  auto q = portal.requests().at(0).target;
  EXPECT_NE(q.find("account_id=111122223333"), std::string::npos);
  EXPECT_NE(q.find("role_name=ReadOnly"), std::string::npos);
  // sha1("my-sso") names the cache file, as botocore does for sso_session profiles.
  EXPECT_EQ(aws::SsoCredentialsProvider::cache_key(sp), "0ad374308c5a4e22f723adf10145eafad7c4031c");
  // An expired cached token says what to run.
  opsdeck::testing::write_file(home.path() / ".aws/sso/cache" / (aws::SsoCredentialsProvider::cache_key(sp) + ".json"),
                               R"({"accessToken":"SSOTOKEN","expiresAt":"2001-01-01T00:00:00Z"})");
  auto expired = aws::SsoCredentialsProvider(sp, e).get();
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().kind, aws::ErrorKind::Credentials);
  EXPECT_NE(expired.error().hint.find("aws sso login --profile sso-dev"), std::string::npos);
}

TEST(AssumeRoleCredentials, RoleArnWithSourceProfileThroughMotoSts) {
  auto& moto = opsdeck::testing::shared_moto();
  moto.reset();
  static const aws::ServiceInfo iam{"iam", "iam", "iam", aws::Protocol::AwsQuery, "2010-05-08", "", true};
  aws::ClientOptions o;
  o.region = moto.region();
  o.endpoint_url = moto.endpoint();
  aws::AwsClient admin(o, std::make_shared<aws::StaticCredentialsProvider>(moto.credentials()));
  aws::AwsRequest create;
  create.service = &iam;
  create.operation = "CreateRole";
  create.params = {{"RoleName", "ops"},
                   {"AssumeRolePolicyDocument",
                    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})"}};
  auto role = admin.call_sync(create);
  ASSERT_TRUE(role.ok()) << role.error().describe();

  const auto& k = moto.credentials();
  std::string creds_file = "[base]\naws_access_key_id = " + k.access_key_id + "\naws_secret_access_key = " +
                           k.secret_access_key + "\n";
  std::string config_file =
      "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\n"
      "external_id = ext-1\nduration_seconds = 900\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n";
  auto config = std::make_shared<const aws::SharedConfig>(aws::SharedConfig::from_text(creds_file, config_file));
  aws::ProfileOptions po;
  po.explicit_profile = true;
  po.region = moto.region();
  po.endpoint_url = moto.endpoint();
  int prompts = 0;
  po.mfa_prompt = [&](const std::string& serial) -> aws::Result<std::string> {
    ++prompts;
    EXPECT_EQ(serial, "arn:aws:iam::123456789012:mfa/me");
    return std::string("123456");
  };
  auto c = aws::ProfileCredentialsProvider("ops", config, po).get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(prompts, 1);
  EXPECT_FALSE(c->session_token.empty());
  EXPECT_NE(c->access_key_id, k.access_key_id);
  ASSERT_TRUE(c->expiration);
  // Who they are, from AssumeRole's own answer: exactly what GetCallerIdentity says.
  EXPECT_EQ(c->account_id, "123456789012");
  aws::AwsClient as_role(o, std::make_shared<aws::StaticCredentialsProvider>(*c));
  auto id = aws::get_caller_identity(aws::sync_caller(as_role));
  ASSERT_TRUE(id.ok()) << id.error().describe();
  EXPECT_EQ(c->caller_arn, id->arn);
  EXPECT_EQ(c->caller_arn.rfind("arn:aws:sts::123456789012:assumed-role/ops/", 0), 0u) << c->caller_arn;

  // No MFA callback: a clear error, nothing hangs.
  po.mfa_prompt = {};
  auto no_prompt = aws::ProfileCredentialsProvider("ops", config, po).get();
  ASSERT_FALSE(no_prompt.ok());
  EXPECT_NE(no_prompt.error().message.find("MFA"), std::string::npos);
}
