// `opsdeck ssh INSTANCE` where INSTANCE is an EC2 instance id or Name tag: the address comes
// from EC2 (signature-checking moto), the connection goes to a real sshd. The instance
// lives in a 127.0.0.0/24 subnet with private IP 127.0.0.1, so the resolved address is the
// loopback sshd and nothing ever leaves 127.0.0.0/8.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/moto_server.hpp"
#include "tests/support/sshd_server.hpp"

using namespace opsdeck::testing;
namespace fs = std::filesystem;

namespace {

const char* kSeed = R"(
import boto3, os, sys
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1")
vpc = ec2.create_vpc(CidrBlock="127.0.0.0/16")["Vpc"]["VpcId"]
sub = ec2.create_subnet(VpcId=vpc, CidrBlock="127.0.0.0/24")["Subnet"]["SubnetId"]
r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=sub,
    PrivateIpAddress="127.0.0.1",
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "jump-box-7f3"}]}])
print(r["Instances"][0]["InstanceId"])
)";

class SshInstance : public ::testing::Test {
 protected:
  SshdServer sshd;
  MotoServer& moto = shared_moto();
  TempDir home;
  std::string instance_id;

  void SetUp() override {
    moto.reset();
    auto seeded = run_command({"python3", "-c", kSeed, moto.endpoint()}, {}, aws_env());
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
    instance_id = seeded.out.substr(0, seeded.out.find('\n'));
    fs::create_directories(home.path() / ".ssh");
    fs::copy_file(sshd.user_key(), home.path() / ".ssh" / "id_ed25519");
    fs::copy_file(sshd.known_hosts(), home.path() / "known_hosts");
    write_file(home.path() / "ssh_config", "");
  }
  std::map<std::string, std::string> aws_env() const {
    return {{"AWS_ACCESS_KEY_ID", moto.credentials().access_key_id},
            {"AWS_SECRET_ACCESS_KEY", moto.credentials().secret_access_key},
            {"AWS_REGION", "us-east-1"},
            {"AWS_CONFIG_FILE", "/dev/null"},
            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
            {"AWS_EC2_METADATA_DISABLED", "true"}};
  }
  RunResult opsdeck(const std::string& host, std::vector<std::string> cmd) const {
    std::vector<std::string> argv = {OPSDECK_BINARY, "--endpoint-url", moto.endpoint(), "ssh", host, "--"};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    auto env = aws_env();
    env["OPSDECK_SSH_CONFIG"] = (home.path() / "ssh_config").string();
    env["OPSDECK_KNOWN_HOSTS"] = (home.path() / "known_hosts").string();
    env["SSH_AUTH_SOCK"] = "";
    env["HOME"] = home.path().string();
    return run_command(argv, {}, env);
  }
  std::string at_port(const std::string& name) const {
    return sshd.user() + "@" + name + ":" + std::to_string(sshd.port());
  }
};

}  // namespace

TEST_F(SshInstance, InstanceIdResolvesThroughEc2) {
  auto r = opsdeck(at_port(instance_id), {"echo", "via-id;", "exit", "3"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.out, "via-id\n");
  EXPECT_NE(r.err.find(instance_id + " is " + sshd.user() + "@127.0.0.1"), std::string::npos) << r.err;
}

TEST_F(SshInstance, NameTagResolvesThroughEc2) {
  auto r = opsdeck(at_port("jump-box-7f3"), {"echo", "via-name"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "via-name\n");
}

TEST_F(SshInstance, UnknownNameIsNotFoundAndNamesIt) {
  auto r = opsdeck(at_port("no-such-box-9c1"), {"true"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("no-such-box-9c1"), std::string::npos) << r.err;
}
