#include <gtest/gtest.h>

#include <set>

#include "aws/mutating_operations.hpp"

using namespace opsdeck::aws;

TEST(MutatingOperations, TableCoversTheOperationsOpsdeckCalls) {
  for (auto [svc, op] : std::initializer_list<std::pair<const ServiceInfo*, const char*>>{
           {&services::ec2, "StartInstances"}, {&services::ec2, "StopInstances"},
           {&services::ec2, "RebootInstances"}, {&services::rds, "CreateDBSnapshot"},
           {&services::rds, "RebootDBInstance"}, {&services::rds, "ModifyDBInstance"},
           {&services::ssm, "PutParameter"}, {&services::ssm, "SendCommand"}, {&services::ssm, "StartSession"},
           {&services::ssm, "CancelCommand"}, {&services::ecs, "UpdateService"}, {&services::ecs, "ExecuteCommand"},
           {&services::secretsmanager, "UpdateSecret"}, {&services::route53, "ChangeResourceRecordSets"},
           {&services::lightsail, "CreateContainerServiceDeployment"}, {&services::cloudwatch, "PutMetricAlarm"},
           {&services::cloudwatch, "SetAlarmState"}, {&services::logs, "PutLogEvents"}}) {
    EXPECT_TRUE(is_mutating(*svc, op)) << svc->id << ":" << op;
  }
}

TEST(MutatingOperations, ReadsAndAssumeRoleAreNotMutating) {
  EXPECT_FALSE(is_mutating(services::sts, "AssumeRole"));
  EXPECT_FALSE(is_mutating(services::sts, "GetCallerIdentity"));
  EXPECT_FALSE(is_mutating(services::logs, "StartQuery"));
  EXPECT_FALSE(is_mutating(services::logs, "FilterLogEvents"));
  EXPECT_FALSE(is_mutating(services::ec2, "DescribeInstances"));
  EXPECT_FALSE(is_mutating(services::ssm, "GetParametersByPath"));
  EXPECT_FALSE(is_mutating(services::cloudwatch, "DescribeAlarms"));
}

TEST(MutatingOperations, UnlistedWriteVerbsAreCaughtByTheSafetyNet) {
  EXPECT_TRUE(is_mutating(services::ec2, "DeleteSecurityGroup"));
  EXPECT_TRUE(is_mutating(services::ssm, "UpdateDocument"));
  EXPECT_FALSE(is_mutating(services::ec2, "Settle"));  // a verb prefix needs a word boundary
}

TEST(MutatingOperations, TableHasNoDuplicates) {
  std::set<std::pair<const ServiceInfo*, std::string_view>> seen;
  for (const auto& m : mutating_operations()) EXPECT_TRUE(seen.emplace(m.service, m.operation).second) << m.operation;
  EXPECT_GT(seen.size(), 50u);
}
