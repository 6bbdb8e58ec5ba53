#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ssh/private_key_file.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck::ssh;
using opsdeck::testing::run_command;
using opsdeck::testing::TempDir;

namespace {
std::string keygen(const TempDir& dir, const std::string& name, const std::string& type, const std::string& pass) {
  auto path = (dir.path() / name).string();
  auto r = run_command({"ssh-keygen", "-q", "-t", type, "-N", pass, "-f", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}
}  // namespace

TEST(PrivateKeyFile, DetectsEncryptionInOpenSshAndPemFormats) {
  TempDir dir;
  EXPECT_FALSE(inspect_private_key(keygen(dir, "plain", "ed25519", "")).encrypted);
  EXPECT_TRUE(inspect_private_key(keygen(dir, "locked", "ed25519", "secret")).encrypted);
  auto pem = keygen(dir, "pem", "ecdsa", "secret");
  auto r = run_command({"ssh-keygen", "-p", "-m", "PEM", "-P", "secret", "-N", "secret2", "-f", pem});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(inspect_private_key(pem).encrypted);
}

TEST(PrivateKeyFile, RefusesKeysOthersCanReadLikeSsh) {
  TempDir dir;
  auto key = keygen(dir, "k", "ed25519", "");
  auto ok = inspect_private_key(key);
  EXPECT_TRUE(ok.exists);
  EXPECT_TRUE(ok.refusal.empty());
  ::chmod(key.c_str(), 0640);
  auto bad = inspect_private_key(key);
  EXPECT_NE(bad.refusal.find("0640"), std::string::npos) << bad.refusal;
  EXPECT_NE(bad.refusal.find("too open"), std::string::npos);
  EXPECT_FALSE(inspect_private_key(dir.path() / "missing").exists);
}
