// AwsClient against moto_server with signature checking on.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck;
using opsdeck::testing::shared_moto;

namespace {

// Every printable nuisance the encoders must survive: spaces, unicode, + & = * ~ /
const std::string kNasty = "ops deck é ü 漢 a+b&c=d*e~f/g";

std::unique_ptr<aws::AwsClient> client_for(const aws::Credentials& creds) {
  aws::ClientOptions o;
  o.region = shared_moto().region();
  o.endpoint_url = shared_moto().endpoint();
  return std::make_unique<aws::AwsClient>(o, std::make_shared<aws::StaticCredentialsProvider>(creds));
}

aws::AwsRequest request(const aws::ServiceInfo& s, std::string op) {
  aws::AwsRequest r;
  r.service = &s;
  r.operation = std::move(op);
  return r;
}

class AwsClientMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_moto().reset();
    client = client_for(shared_moto().credentials());
  }
  std::unique_ptr<aws::AwsClient> client;
};

}  // namespace

TEST_F(AwsClientMoto, StsGetCallerIdentity) {
  auto r = client->call_sync(request(aws::services::sts, "GetCallerIdentity"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r->body.c_str()));
  EXPECT_STREQ(doc.select_node("//Account").node().child_value(), "123456789012");
  EXPECT_EQ(client->in_flight(), 0);
}

TEST_F(AwsClientMoto, Ec2QueryWithNastyNamesRoundTrips) {
  auto create = request(aws::services::ec2, "CreateSecurityGroup");
  create.params = {{"GroupName", kNasty}, {"GroupDescription", kNasty + " desc"}};
  auto c = client->call_sync(create);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto describe = request(aws::services::ec2, "DescribeSecurityGroups");
  describe.params = {{"GroupName.1", kNasty}};
  auto d = client->call_sync(describe);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(d->body.c_str()));
  auto items = doc.select_nodes("//securityGroupInfo/item");
  ASSERT_EQ(items.size(), 1u) << d->body;
  EXPECT_EQ(std::string(items.first().node().child_value("groupName")), kNasty);
  EXPECT_EQ(std::string(items.first().node().child_value("groupDescription")), kNasty + " desc");
}

TEST_F(AwsClientMoto, JsonProtocolWithNastyNamesRoundTrips) {
  auto create = request(aws::services::secretsmanager, "CreateSecret");
  create.input = {{"Name", "opsdeck/a+b=c"}, {"SecretString", kNasty}};
  auto c = client->call_sync(create);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto get = request(aws::services::secretsmanager, "GetSecretValue");
  get.input = {{"SecretId", "opsdeck/a+b=c"}};
  auto g = client->call_sync(get);
  ASSERT_TRUE(g.ok()) << g.error().describe();
  EXPECT_EQ(nlohmann::json::parse(g->body).at("SecretString"), kNasty);

  auto put = request(aws::services::ssm, "PutParameter");
  put.input = {{"Name", "/opsdeck/nasty"}, {"Value", kNasty}, {"Type", "String"}};
  ASSERT_TRUE(client->call_sync(put).ok());
  auto read = request(aws::services::ssm, "GetParameter");
  read.input = {{"Name", "/opsdeck/nasty"}};
  auto p = client->call_sync(read);
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(nlohmann::json::parse(p->body).at("Parameter").at("Value"), kNasty);
}

TEST_F(AwsClientMoto, Json10QueryCompatibleCloudWatch) {
  auto r = request(aws::services::cloudwatch, "DescribeAlarms");
  r.input = {{"AlarmTypes", {"MetricAlarm", "CompositeAlarm"}}};
  auto d = client->call_sync(r);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_TRUE(nlohmann::json::parse(d->body).contains("MetricAlarms")) << d->body;
}

TEST_F(AwsClientMoto, NotFoundIsAnErrorValueWithCodeAndRequestId) {
  auto get = request(aws::services::secretsmanager, "GetSecretValue");
  get.input = {{"SecretId", "does-not-exist"}};
  auto g = client->call_sync(get);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, aws::ErrorKind::NotFound);
  EXPECT_EQ(g.error().code, "ResourceNotFoundException");
  EXPECT_EQ(g.error().operation, "secretsmanager:GetSecretValue");
  EXPECT_EQ(g.error().endpoint, shared_moto().endpoint());
}

TEST_F(AwsClientMoto, WrongSecretIsACredentialsError) {
  auto creds = shared_moto().credentials();
  creds.secret_access_key = "wrong";
  auto bad = client_for(creds);
  for (const aws::ServiceInfo* s : {&aws::services::sts, &aws::services::ec2, &aws::services::ssm}) {
    auto r = bad->call_sync(request(*s, s == &aws::services::sts ? "GetCallerIdentity"
                                      : s == &aws::services::ec2 ? "DescribeInstances"
                                                                 : "DescribeParameters"));
    ASSERT_FALSE(r.ok()) << s->id;
    EXPECT_EQ(r.error().kind, aws::ErrorKind::Credentials) << r.error().describe();
    EXPECT_FALSE(r.error().hint.empty());
  }
}
