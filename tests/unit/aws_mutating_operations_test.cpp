// Read-only mode lets through only operations known to be read-only; everything else,
// unknown names included, is refused. One call can be granted, narrowly.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/granted_caller.hpp"
#include "aws/mutating_operations.hpp"
#include "tests/support/loopback_http_server.hpp"

using namespace opsdeck::aws;
using opsdeck::testing::CapturedRequest;
using opsdeck::testing::LoopbackHttpServer;

namespace {

// Services opsdeck has no ServiceInfo for yet: the rules name them by id.
const ServiceInfo kms{"kms", "kms", "kms", Protocol::Json11, "2014-11-01", "TrentService"};
const ServiceInfo sso{"sso", "awsssoportal", "portal.sso", Protocol::RestJson, "2019-06-10", ""};
const ServiceInfo redshift{"redshift", "redshift", "redshift", Protocol::AwsQuery, "2012-12-01", ""};
const ServiceInfo cognito{"cognito-identity", "cognito-identity", "cognito-identity", Protocol::Json11,
                          "2014-06-30", "AWSCognitoIdentityService"};
const ServiceInfo s3{"s3", "s3", "s3", Protocol::RestXml, "2006-03-01", ""};

struct Case {
  const ServiceInfo* service;
  const char* operation;
  bool mutating;
};

AwsRequest request(const ServiceInfo& s, std::string op) {
  AwsRequest r;
  r.service = &s;
  r.operation = std::move(op);
  return r;
}

}  // namespace

TEST(MutatingOperations, Table) {
  using namespace services;
  const Case cases[] = {
      // The examples that slipped through the old deny-list.
      {&ec2, "ReleaseAddress", true}, {&ec2, "CopySnapshot", true}, {&rds, "PromoteReadReplica", true},
      {&lightsail, "OpenInstancePublicPorts", true}, {&elbv2, "AddTags", true}, {&ec2, "AllocateAddress", true},
      {&ec2, "ImportKeyPair", true}, {&rds, "CopyDBSnapshot", true}, {&ecs, "TagResource", true},
      {&ec2, "AcceptVpcPeeringConnection", true}, {&ec2, "ReplaceRoute", true}, {&ecr, "UploadLayerPart", true},
      {&ec2, "MonitorInstances", true}, {&ec2, "ApplySecurityGroupsToClientVpnTargetNetwork", true},
      // Reads by prefix.
      {&ec2, "DescribeInstances", false}, {&ecs, "ListTasks", false}, {&secretsmanager, "GetSecretValue", false},
      {&sqs, "GetQueueUrl", false}, {&sqs, "GetQueueAttributes", false}, {&ssm, "GetParameter", false},
      {&ssm, "GetParametersByPath", false}, {&ssm, "GetCommandInvocation", false},
      {&logs, "FilterLogEvents", false}, {&logs, "GetQueryResults", false}, {&logs, "GetLogEvents", false},
      {&cloudwatch, "GetMetricData", false}, {&ecr, "BatchGetImage", false}, {&route53, "ListResourceRecordSets", false},
      {&sts, "GetCallerIdentity", false}, {&sso, "GetRoleCredentials", false}, {&s3, "HeadObject", false},
      {&ec2, "SearchTransitGatewayRoutes", false}, {&ec2, "GetConsoleOutput", false},
      // Read prefix, but mutating.
      {&lightsail, "GetInstanceAccessDetails", true}, {&redshift, "GetClusterCredentials", true},
      {&redshift, "GetClusterCredentialsWithIAM", true}, {&cognito, "GetId", true},
      {&cognito, "GetOpenIdTokenForDeveloperIdentity", true},
      {&lightsail, "GetInstances", false},  // the exception is one name, not the service
      // No read prefix, but read-only.
      {&sts, "AssumeRole", false}, {&sts, "AssumeRoleWithWebIdentity", false}, {&sts, "AssumeRoleWithSAML", false},
      {&sts, "GetSessionToken", false}, {&sts, "DecodeAuthorizationMessage", false},
      {&logs, "StartQuery", false}, {&logs, "StopQuery", false}, {&logs, "StartLiveTail", false},
      {&rds, "DownloadDBLogFilePortion", false}, {&route53, "TestDNSAnswer", false},
      // ... only for the service that is named.
      {&ec2, "AssumeRole", true}, {&ssm, "StartQuery", true}, {&ecs, "StopQuery", true},
      // Mutating by default.
      {&sqs, "ReceiveMessage", true}, {&ssm, "SendCommand", true}, {&ssm, "StartSession", true},
      {&ecs, "ExecuteCommand", true}, {&kms, "GenerateDataKey", true}, {&kms, "Decrypt", true},
      {&s3, "SelectObjectContent", true}, {&ec2, "FrobnicateWidget", true}, {&ec2, "", true},
      // A prefix needs a word boundary; case matters.
      {&ec2, "Settle", true}, {&ec2, "Listen", true}, {&ec2, "Getaway", true}, {&ec2, "Describes", true},
      {&ec2, "describeInstances", true}, {&ec2, "DESCRIBEINSTANCES", true},
      {&ec2, "Describe", false}, {&s3, "Query", false}, {&s3, "Scan", false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(is_mutating(*c.service, c.operation), c.mutating) << c.service->id << ":" << c.operation;
}

TEST(MutatingOperations, AnUnknownOperationIsMutating) {
  EXPECT_TRUE(is_mutating(services::ec2, "FrobnicateWidget"));
  EXPECT_TRUE(is_mutating(services::sts, "FrobnicateWidget"));
  EXPECT_TRUE(is_mutating(services::logs, "FrobnicateWidget"));
}

TEST(MutatingOperations, EveryListedOperationIsMutatingAndTheListHasNoDuplicates) {
  std::set<std::pair<const ServiceInfo*, std::string_view>> seen;
  for (const auto& m : mutating_operations()) {
    EXPECT_TRUE(is_mutating(*m.service, m.operation)) << m.service->id << ":" << m.operation;
    EXPECT_TRUE(seen.emplace(m.service, m.operation).second) << m.operation;
  }
  EXPECT_GT(seen.size(), 80u);
  for (auto [svc, op] : std::initializer_list<std::pair<const ServiceInfo*, const char*>>{
           {&services::ec2, "StartInstances"}, {&services::rds, "CreateDBSnapshot"}, {&services::ssm, "SendCommand"},
           {&services::ssm, "StartSession"}, {&services::ecs, "UpdateService"},
           {&services::route53, "ChangeResourceRecordSets"}, {&services::lightsail, "CreateContainerServiceDeployment"},
           {&services::sqs, "ReceiveMessage"}, {&services::lightsail, "GetInstanceAccessDetails"}})
    EXPECT_TRUE(seen.count({svc, op})) << svc->id << ":" << op << " is documented in the list";
}

TEST(ReadOnlyGrant, AdmitsOnlyTheNamedGrantableOperation) {
  using namespace services;
  auto with = [](const ServiceInfo& s, const char* op, std::optional<std::string> grant) {
    AwsRequest r = request(s, op);
    if (grant) r.read_only_grant = ReadOnlyGrant{*grant, "step 2 only reads"};
    return read_only_grant_admits(r);
  };
  EXPECT_FALSE(with(ssm, "SendCommand", std::nullopt)) << "never by default";
  EXPECT_TRUE(with(ssm, "SendCommand", "ssm:SendCommand"));
  EXPECT_TRUE(with(ssm, "StartSession", "ssm:StartSession"));
  EXPECT_TRUE(with(ecs, "ExecuteCommand", "ecs:ExecuteCommand"));
  EXPECT_TRUE(with(ssm, "CancelCommand", "ssm:CancelCommand"));
  EXPECT_TRUE(with(ssm, "TerminateSession", "ssm:TerminateSession"));
  EXPECT_FALSE(with(ssm, "StartSession", "ssm:SendCommand")) << "a grant names one operation";
  EXPECT_FALSE(with(ssm, "PutParameter", "ssm:PutParameter")) << "not grantable";
  EXPECT_FALSE(with(ec2, "TerminateInstances", "ec2:TerminateInstances"));
  EXPECT_FALSE(with(ssm, "SendCommand", "ecs:SendCommand"));
  EXPECT_FALSE(with(ssm, "SendCommand", "SendCommand"));
  EXPECT_FALSE(with(ssm, "SendCommand", "ssm:sendcommand"));
  EXPECT_FALSE(with(ssm, "SendCommand", ""));
  EXPECT_TRUE(is_grantable(ssm, "SendCommand"));
  EXPECT_FALSE(is_grantable(ecs, "UpdateService"));
}

TEST(ReadOnlyGrant, GrantOnceMarksOnlyTheFirstMatchingRequest) {
  std::vector<AwsRequest> seen;
  SyncCaller base = [&seen](const AwsRequest& r) -> Result<HttpResponse> {
    seen.push_back(r);
    return HttpResponse{};
  };
  SyncCaller call = grant_once(grant_once(base, {"ssm:SendCommand", "df -h only reads"}), {"ssm:CancelCommand", "x"});
  (void)call(request(services::ssm, "GetCommandInvocation"));
  (void)call(request(services::ssm, "SendCommand"));
  (void)call(request(services::ssm, "SendCommand"));
  (void)call(request(services::ssm, "CancelCommand"));
  (void)call(request(services::ssm, "PutParameter"));
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_FALSE(seen[0].read_only_grant);
  ASSERT_TRUE(seen[1].read_only_grant);
  EXPECT_EQ(seen[1].read_only_grant->operation, "ssm:SendCommand");
  EXPECT_EQ(seen[1].read_only_grant->reason, "df -h only reads");
  EXPECT_FALSE(seen[2].read_only_grant) << "one call, not every call";
  ASSERT_TRUE(seen[3].read_only_grant);
  EXPECT_EQ(seen[3].read_only_grant->operation, "ssm:CancelCommand");
  EXPECT_FALSE(seen[4].read_only_grant);

  std::vector<AwsRequest> async_seen;
  AsyncCaller abase = [&async_seen](const AwsRequest& r, ResponseCallback done) {
    async_seen.push_back(r);
    done(HttpResponse{});
  };
  AsyncCaller acall = grant_once(abase, {"ssm:StartSession", "y"});
  acall(request(services::ssm, "StartSession"), [](Result<HttpResponse>) {});
  acall(request(services::ssm, "StartSession"), [](Result<HttpResponse>) {});
  ASSERT_EQ(async_seen.size(), 2u);
  EXPECT_TRUE(async_seen[0].read_only_grant);
  EXPECT_FALSE(async_seen[1].read_only_grant);
}

TEST(ReadOnlyGrant, TheClientSendsAGrantedCallAndRefusesEverythingElse) {
  LoopbackHttpServer server([](const CapturedRequest&) {
    return LoopbackHttpServer::response(200, R"({"Command":{"CommandId":"c-1"}})", {}, "application/x-amz-json-1.1");
  });
  ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = server.url();
  o.readonly = true;
  o.max_attempts = 1;
  AwsClient client(o, std::make_shared<StaticCredentialsProvider>(Credentials{"AKIDTEST", "secret", "", {}, "test"}));

  auto refused = client.call_sync(request(services::ssm, "SendCommand"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::ReadOnly);
  auto unknown = client.call_sync(request(services::ec2, "FrobnicateWidget"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::ReadOnly);
  EXPECT_NE(unknown.error().message.find("ec2:FrobnicateWidget"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0);

  AwsRequest wrong = request(services::ssm, "PutParameter");
  wrong.read_only_grant = ReadOnlyGrant{"ssm:PutParameter", "not grantable"};
  auto still_refused = client.call_sync(wrong);
  ASSERT_FALSE(still_refused.ok());
  EXPECT_EQ(still_refused.error().kind, ErrorKind::ReadOnly);
  AwsRequest mismatched = request(services::ssm, "StartSession");
  mismatched.read_only_grant = ReadOnlyGrant{"ssm:SendCommand", "names another operation"};
  auto mm = client.call_sync(mismatched);
  ASSERT_FALSE(mm.ok());
  EXPECT_NE(mm.error().message.find("read-only grant (ssm:SendCommand) does not cover it"), std::string::npos)
      << mm.error().message;
  EXPECT_EQ(server.request_count(), 0);

  AwsRequest granted = request(services::ssm, "SendCommand");
  granted.read_only_grant = ReadOnlyGrant{"ssm:SendCommand", "df -h only reads"};
  auto sent = client.call_sync(granted);
  EXPECT_TRUE(sent.ok()) << (sent.ok() ? "" : sent.error().describe());
  ASSERT_EQ(server.request_count(), 1);
  const auto sent_requests = server.requests();
  const std::string* target = sent_requests[0].header("x-amz-target");
  ASSERT_TRUE(target);
  EXPECT_EQ(*target, "AmazonSSM.SendCommand");

  auto read = client.call_sync(request(services::ssm, "GetCommandInvocation"));
  EXPECT_TRUE(read.ok());
  EXPECT_EQ(server.request_count(), 2);
}
