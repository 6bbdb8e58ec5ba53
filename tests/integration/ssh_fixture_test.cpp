// Proves the sshd fixture itself: the system OpenSSH client logs in with the throwaway key,
// checks the recorded host key strictly, and is refused with a key sshd does not know.
#include <gtest/gtest.h>

#include "tests/support/sshd_server.hpp"

using namespace opsdeck::testing;

namespace {

std::vector<std::string> ssh_argv(const SshdServer& s, const std::filesystem::path& key,
                                  const std::string& command) {
  return {"ssh", "-F", "/dev/null", "-i", key.string(), "-o", "IdentitiesOnly=yes",
          "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
          "-o", "UserKnownHostsFile=" + s.known_hosts().string(),
          "-p", std::to_string(s.port()), s.user() + "@127.0.0.1", command};
}

}  // namespace

TEST(SshdFixture, AcceptsTheThrowawayKeyWithTheRecordedHostKey) {
  SshdServer sshd;
  auto r = run_command(ssh_argv(sshd, sshd.user_key(), "echo ok; exit 7"), {}, {{"SSH_AUTH_SOCK", ""}});
  EXPECT_EQ(r.exit_code, 7) << r.err << sshd.log();
  EXPECT_EQ(r.out, "ok\n");
}

TEST(SshdFixture, RefusesAKeyItDoesNotKnow) {
  SshdServer sshd;
  auto r = run_command(ssh_argv(sshd, sshd.wrong_key(), "echo ok"), {}, {{"SSH_AUTH_SOCK", ""}});
  EXPECT_EQ(r.exit_code, 255);
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(SshdFixture, KillAllDropsTheServer) {
  SshdServer sshd;
  ASSERT_TRUE(sshd.running());
  sshd.kill_all();
  EXPECT_FALSE(sshd.running());
  EXPECT_FALSE(wait_for_port(sshd.port(), std::chrono::milliseconds(200)));
}
