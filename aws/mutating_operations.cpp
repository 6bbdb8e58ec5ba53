#include "aws/mutating_operations.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::aws {

namespace {

using namespace services;

// An operation named by service id, for services with or without a ServiceInfo.
struct NamedOperation {
  std::string_view service;
  std::string_view operation;
};

constexpr std::string_view kReadPrefixes[] = {"Describe", "List",   "Get",  "BatchGet", "Lookup",
                                              "Search",   "Filter", "Head", "Query",    "Scan"};

// Mutating although they start with a read prefix.
constexpr NamedOperation kMutatingDespitePrefix[] = {
    {"lightsail", "GetInstanceAccessDetails"},
    {"redshift", "GetClusterCredentials"},
    {"redshift", "GetClusterCredentialsWithIAM"},
    {"cognito-identity", "GetId"},
    {"cognito-identity", "GetOpenIdTokenForDeveloperIdentity"},
};

// Read-only although they do not start with a read prefix.
constexpr NamedOperation kReadOnlyWithoutPrefix[] = {
    {"sts", "AssumeRole"},
    {"sts", "AssumeRoleWithWebIdentity"},
    {"sts", "AssumeRoleWithSAML"},
    {"sts", "GetSessionToken"},
    {"sts", "DecodeAuthorizationMessage"},
    {"logs", "StartQuery"},
    {"logs", "StopQuery"},
    {"logs", "StartLiveTail"},
    {"rds", "DownloadDBLogFilePortion"},
    {"rds", "DownloadCompleteDBLogFile"},
    {"route53", "TestDNSAnswer"},
};

// What a ReadOnlyGrant can let through.
constexpr NamedOperation kGrantable[] = {
    {"ssm", "SendCommand"},  {"ssm", "StartSession"},     {"ecs", "ExecuteCommand"},
    {"ssm", "CancelCommand"}, {"ssm", "TerminateSession"}, {"ssm", "ResumeSession"},
};

template <std::size_t N>
bool listed(const NamedOperation (&table)[N], const ServiceInfo& service, std::string_view operation) {
  return std::any_of(std::begin(table), std::end(table),
                     [&](const NamedOperation& n) { return n.service == service.id && n.operation == operation; });
}

bool has_read_prefix(std::string_view operation) {
  for (std::string_view p : kReadPrefixes) {
    if (!operation.starts_with(p)) continue;
    if (operation.size() == p.size() || std::isupper(static_cast<unsigned char>(operation[p.size()]))) return true;
  }
  return false;
}

const MutatingOperation kTable[] = {
    // EC2
    {&ec2, "StartInstances"}, {&ec2, "StopInstances"}, {&ec2, "RebootInstances"},
    {&ec2, "TerminateInstances"}, {&ec2, "RunInstances"}, {&ec2, "CreateTags"}, {&ec2, "DeleteTags"},
    {&ec2, "AuthorizeSecurityGroupIngress"}, {&ec2, "RevokeSecurityGroupIngress"},
    {&ec2, "ModifyInstanceAttribute"}, {&ec2, "CreateSnapshot"}, {&ec2, "CreateImage"},
    {&ec2, "ReleaseAddress"}, {&ec2, "CopySnapshot"},
    // RDS
    {&rds, "CreateDBSnapshot"}, {&rds, "RebootDBInstance"}, {&rds, "ModifyDBInstance"},
    {&rds, "StartDBInstance"}, {&rds, "StopDBInstance"}, {&rds, "DeleteDBInstance"},
    {&rds, "DeleteDBSnapshot"}, {&rds, "RestoreDBInstanceFromDBSnapshot"}, {&rds, "FailoverDBCluster"},
    {&rds, "AddTagsToResource"}, {&rds, "RemoveTagsFromResource"}, {&rds, "PromoteReadReplica"},
    // CloudWatch
    {&cloudwatch, "PutMetricAlarm"}, {&cloudwatch, "PutCompositeAlarm"}, {&cloudwatch, "SetAlarmState"},
    {&cloudwatch, "DeleteAlarms"}, {&cloudwatch, "PutMetricData"}, {&cloudwatch, "EnableAlarmActions"},
    {&cloudwatch, "DisableAlarmActions"},
    // CloudWatch Logs
    {&logs, "PutLogEvents"}, {&logs, "CreateLogGroup"}, {&logs, "CreateLogStream"},
    {&logs, "DeleteLogGroup"}, {&logs, "DeleteLogStream"}, {&logs, "PutRetentionPolicy"},
    // SSM
    {&ssm, "SendCommand"}, {&ssm, "CancelCommand"}, {&ssm, "PutParameter"}, {&ssm, "DeleteParameter"},
    {&ssm, "DeleteParameters"}, {&ssm, "StartSession"}, {&ssm, "ResumeSession"},
    {&ssm, "TerminateSession"}, {&ssm, "StartAutomationExecution"},
    // ECS
    {&ecs, "UpdateService"}, {&ecs, "ExecuteCommand"}, {&ecs, "RunTask"}, {&ecs, "StartTask"},
    {&ecs, "StopTask"}, {&ecs, "CreateService"}, {&ecs, "DeleteService"},
    {&ecs, "RegisterTaskDefinition"}, {&ecs, "DeregisterTaskDefinition"},
    // ELBv2
    {&elbv2, "RegisterTargets"}, {&elbv2, "DeregisterTargets"}, {&elbv2, "ModifyTargetGroup"},
    {&elbv2, "AddTags"},
    // SQS
    {&sqs, "SendMessage"}, {&sqs, "ReceiveMessage"}, {&sqs, "DeleteMessage"}, {&sqs, "PurgeQueue"},
    {&sqs, "SetQueueAttributes"}, {&sqs, "CreateQueue"}, {&sqs, "DeleteQueue"},
    // Secrets Manager
    {&secretsmanager, "UpdateSecret"}, {&secretsmanager, "PutSecretValue"},
    {&secretsmanager, "CreateSecret"}, {&secretsmanager, "DeleteSecret"},
    {&secretsmanager, "RotateSecret"}, {&secretsmanager, "RestoreSecret"},
    // ECR
    {&ecr, "PutImage"}, {&ecr, "BatchDeleteImage"}, {&ecr, "StartImageScan"},
    // ElastiCache
    {&elasticache, "RebootCacheCluster"}, {&elasticache, "ModifyCacheCluster"},
    {&elasticache, "TestFailover"},
    // Route 53
    {&route53, "ChangeResourceRecordSets"}, {&route53, "CreateHostedZone"},
    {&route53, "DeleteHostedZone"},
    // Lightsail
    {&lightsail, "CreateContainerServiceDeployment"}, {&lightsail, "UpdateContainerService"},
    {&lightsail, "StartInstance"}, {&lightsail, "StopInstance"}, {&lightsail, "RebootInstance"},
    {&lightsail, "OpenInstancePublicPorts"}, {&lightsail, "GetInstanceAccessDetails"},
};

}  // namespace

std::span<const MutatingOperation> mutating_operations() { return kTable; }

bool is_mutating(const ServiceInfo& service, std::string_view operation) {
  if (listed(kMutatingDespitePrefix, service, operation)) return true;
  if (listed(kReadOnlyWithoutPrefix, service, operation)) return false;
  return !has_read_prefix(operation);
}

bool is_grantable(const ServiceInfo& service, std::string_view operation) {
  return listed(kGrantable, service, operation);
}

bool read_only_grant_admits(const AwsRequest& request) {
  if (!request.service || !request.read_only_grant) return false;
  return request.read_only_grant->operation == request.name() && is_grantable(*request.service, request.operation);
}

}  // namespace opsdeck::aws
