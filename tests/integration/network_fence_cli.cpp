// The real binary under OPSDECK_NETWORK=loopback (as the demo and this suite run it): an AWS
// endpoint or an SSH host outside 127.0.0.0/8 is refused with a message saying so, before
// any connection is opened; a name that resolves to loopback is allowed.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/child_process.hpp"

namespace opsdeck::testing {
namespace {

std::map<std::string, std::string> fenced_env(const TempDir& home) {
  return {{"OPSDECK_NETWORK", "loopback"},
          {"HOME", home.path().string()},
          {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
          {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
          {"AWS_REGION", "us-east-1"},
          {"AWS_CONFIG_FILE", (home.path() / "none").string()},
          {"AWS_SHARED_CREDENTIALS_FILE", (home.path() / "none").string()}};
}

TEST(NetworkFenceCli, AnAwsEndpointOutsideLoopbackIsRefused) {
  TempDir home;
  auto r = run_command({OPSDECK_BINARY, "--endpoint-url", "http://192.0.2.7:9", "instances"}, {}, fenced_env(home));
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("refused to connect to 192.0.2.7: outside loopback"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("OPSDECK_NETWORK"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("cannot reach"), std::string::npos) << "a connection was tried: " << r.err;
}

TEST(NetworkFenceCli, ANameIsJudgedByWhereItResolves) {
  TempDir home;
  int port = free_loopback_port();  // nothing listens there
  auto r = run_command({OPSDECK_BINARY, "--endpoint-url", "http://localhost:" + std::to_string(port), "instances"}, {},
                       fenced_env(home));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.find("outside loopback"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot reach"), std::string::npos) << r.err;
}

TEST(NetworkFenceCli, AnSshHostOutsideLoopbackIsRefused) {
  TempDir home;
  auto r = run_command({OPSDECK_BINARY, "ssh", "ops@192.0.2.7", "--yes", "--", "true"}, {}, fenced_env(home));
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("refused to connect to 192.0.2.7: outside loopback"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace opsdeck::testing
