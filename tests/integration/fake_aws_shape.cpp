// Proves tests/support/fake_aws.py (our stand-in for what moto lacks: Lightsail with its
// container logs and metrics,
// DescribeAlarmHistory, ListCommandInvocations, DescribeInstanceInformation, StartSession,
// ResumeSession, ExecuteCommand, and the session operations in front of the ssm peer)
// answers with the real shapes, by parsing every answer with botocore's own
// parser and walking it strictly against botocore's service model.
#include <gtest/gtest.h>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {
namespace {

TEST(FakeAwsShape, EveryOperationMatchesBotocoreModel) {
  auto r = run_command({"python3", std::string(OPSDECK_SOURCE_DIR) + "/tests/support/fake_aws_check.py"},
                       {}, {}, std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ok 27 operations"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace opsdeck::testing
