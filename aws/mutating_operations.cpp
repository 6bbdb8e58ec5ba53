#include "aws/mutating_operations.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace opsdeck::aws {

namespace {

using namespace services;

const MutatingOperation kTable[] = {
    // EC2
    {&ec2, "StartInstances"}, {&ec2, "StopInstances"}, {&ec2, "RebootInstances"},
    {&ec2, "TerminateInstances"}, {&ec2, "RunInstances"}, {&ec2, "CreateTags"}, {&ec2, "DeleteTags"},
    {&ec2, "AuthorizeSecurityGroupIngress"}, {&ec2, "RevokeSecurityGroupIngress"},
    {&ec2, "ModifyInstanceAttribute"}, {&ec2, "CreateSnapshot"}, {&ec2, "CreateImage"},
    // RDS
    {&rds, "CreateDBSnapshot"}, {&rds, "RebootDBInstance"}, {&rds, "ModifyDBInstance"},
    {&rds, "StartDBInstance"}, {&rds, "StopDBInstance"}, {&rds, "DeleteDBInstance"},
    {&rds, "DeleteDBSnapshot"}, {&rds, "RestoreDBInstanceFromDBSnapshot"}, {&rds, "FailoverDBCluster"},
    {&rds, "AddTagsToResource"}, {&rds, "RemoveTagsFromResource"},
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
};

constexpr std::array<std::string_view, 30> kWriteVerbs = {
    "Create", "Delete", "Put", "Update", "Modify", "Start", "Stop", "Reboot", "Terminate", "Send",
    "Cancel", "Set", "Register", "Deregister", "Run", "Restore", "Reset", "Attach", "Detach",
    "Associate", "Disassociate", "Authorize", "Revoke", "Purge", "Execute", "Change", "Tag",
    "Untag", "Enable", "Disable"};

constexpr std::array<std::string_view, 3> kReadOnlyExceptions = {"StartQuery", "StopQuery", "StartLiveTail"};

}  // namespace

std::span<const MutatingOperation> mutating_operations() { return kTable; }

bool is_mutating(const ServiceInfo& service, std::string_view operation) {
  for (const auto& m : kTable)
    if (m.service == &service && m.operation == operation) return true;
  if (std::find(kReadOnlyExceptions.begin(), kReadOnlyExceptions.end(), operation) != kReadOnlyExceptions.end())
    return false;
  for (auto verb : kWriteVerbs) {
    if (operation.starts_with(verb) && operation.size() > verb.size() &&
        std::isupper(static_cast<unsigned char>(operation[verb.size()])))
      return true;
  }
  return false;
}

}  // namespace opsdeck::aws
