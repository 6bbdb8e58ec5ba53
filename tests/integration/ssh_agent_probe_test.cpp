// ssh/agent_probe.hpp against a real OpenSSH ssh-agent on a private socket: no identities,
// then one after ssh-add, and a socket nobody listens on.

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "ssh/agent_probe.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::run_command;
namespace fs = std::filesystem;

TEST(SshAgentProbe, CountsTheIdentitiesOfARealAgent) {
  testing::TempDir dir;
  const std::string socket = (dir.path() / "agent.sock").string();
  testing::ChildProcess agent({"ssh-agent", "-D", "-a", socket});
  for (int i = 0; i < 100 && !fs::exists(socket); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(socket));

  auto empty = ssh::count_agent_identities(socket);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(*empty, 0);

  const std::string key = (dir.path() / "id_ed25519").string();
  ASSERT_EQ(run_command({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key}).exit_code, 0);
  auto added = run_command({"ssh-add", key}, {}, {{"SSH_AUTH_SOCK", socket}});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto one = ssh::count_agent_identities(socket);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(*one, 1);
}

TEST(SshAgentProbe, ASocketWithoutAnAgentSaysSoAndHowToStartOne) {
  testing::TempDir dir;
  auto none = ssh::count_agent_identities((dir.path() / "gone.sock").string());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("no ssh-agent answers at"), std::string::npos) << none.error().message;
  EXPECT_NE(none.error().hint.find("ssh-agent"), std::string::npos);
  EXPECT_FALSE(ssh::count_agent_identities(""));
}

}  // namespace
}  // namespace opsdeck
