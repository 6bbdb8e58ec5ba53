// `opsdeck doctor` against moto_server on loopback: a profile with keys, one that assumes a
// role from it, one with a credential_process, an IAM Identity Center profile whose cached
// token has expired, one with a malformed region; session-manager-plugin missing from PATH
// and present; and the network fence, under which nothing outside loopback is asked.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "aws/credential_sso.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck {
namespace {

using testing::run_command;
using testing::RunResult;
using testing::shared_moto;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class DoctorCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& c = shared_moto().credentials();
    const std::string keys =
        "aws_access_key_id = " + c.access_key_id + "\naws_secret_access_key = " + c.secret_access_key + "\n";
    write_file(dir_.path() / "aws-config",
               "[profile works]\nregion = us-east-1\n" + keys +
                   "\n[profile role]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/ops\n"
                   "source_profile = works\n"
                   "\n[profile process]\nregion = eu-west-1\ncredential_process = /bin/sh -c 'cat " +
                   (dir_.path() / "process.json").string() + "'\n" +
                   "\n[profile expired-sso]\nregion = us-east-1\nsso_session = corp\nsso_account_id = 123456789012\n"
                   "sso_role_name = ReadOnly\n"
                   "\n[sso-session corp]\nsso_start_url = https://corp.awsapps.example/start\nsso_region = us-east-1\n"
                   "\n[profile badregion]\nregion = us-east1\n" +
                   keys);
    write_file(dir_.path() / "process.json", "{\"Version\": 1, \"AccessKeyId\": \"" + c.access_key_id +
                                                 "\", \"SecretAccessKey\": \"" + c.secret_access_key + "\"}");
    // The token `aws sso login` would have cached, expired an hour ago.
    aws::SsoParams sso;
    sso.session_name = "corp";
    const fs::path cache = dir_.path() / "home/.aws/sso/cache";
    fs::create_directories(cache);
    write_file(cache / (aws::SsoCredentialsProvider::cache_key(sso) + ".json"),
               R"({"accessToken": "expired-token-value", "expiresAt": ")" + iso_time(-3600) + R"(", "region": "us-east-1"})");
    fs::create_directories(dir_.path() / "bin");
    write_file(dir_.path() / "bin/session-manager-plugin", "#!/bin/sh\necho 1.2.650.0\n");
    fs::permissions(dir_.path() / "bin/session-manager-plugin", fs::perms::owner_all);
  }

  static std::string iso_time(int seconds_from_now) {
    std::time_t t = std::time(nullptr) + seconds_from_now;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }

  RunResult doctor(std::vector<std::string> args, bool plugin_on_path,
                   std::map<std::string, std::string> extra_env = {}) const {
    std::vector<std::string> argv = {OPSDECK_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("doctor");
    std::string path = "/usr/bin:/bin";
    if (plugin_on_path) path = (dir_.path() / "bin").string() + ":" + path;
    std::map<std::string, std::string> env = {{"HOME", (dir_.path() / "home").string()},
                        {"PATH", path},
                        {"AWS_CONFIG_FILE", (dir_.path() / "aws-config").string()},
                        {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "no-credentials").string()},
                        {"AWS_ACCESS_KEY_ID", ""},
                        {"AWS_SECRET_ACCESS_KEY", ""},
                        {"AWS_PROFILE", ""},
                        {"AWS_REGION", ""},
                        {"AWS_DEFAULT_REGION", ""},
                        {"AWS_ENDPOINT_URL", ""},
                        {"SSH_AUTH_SOCK", ""},
                        {"NO_COLOR", ""},
                        {"TERM", "xterm-256color"},
                        {"LANG", "C.UTF-8"},
                        {"LC_ALL", ""},
                        {"LC_CTYPE", ""},
                        {"XDG_CONFIG_HOME", (dir_.path() / "xdg").string()}};
    for (auto& [k, v] : extra_env) env[k] = v;
    return run_command(argv, {}, env, std::chrono::seconds(60));
  }

  TempDir dir_;
};

TEST_F(DoctorCli, ReportsEveryProfileAndWhatToFix) {
  auto r = doctor({"--endpoint-url", shared_moto().endpoint()}, false);
  EXPECT_EQ(r.exit_code, 7) << r.out << r.err;
  const std::string& out = r.out;
  EXPECT_NE(out.find("OK    AWS config files: 5 profiles"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    region (profile works): us-east-1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    credentials (profile works): arn:aws:iam::123456789012:user/"), std::string::npos) << out;
  EXPECT_NE(out.find("via access keys"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    credentials (profile role): arn:aws:sts::123456789012:assumed-role/ops/"), std::string::npos)
      << out;
  EXPECT_NE(out.find("via assumes arn:aws:iam::123456789012:role/ops (source_profile works)"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    credentials (profile process): "), std::string::npos) << out;
  EXPECT_NE(out.find("via credential_process"), std::string::npos) << out;
  EXPECT_NE(out.find("FAIL  SSO token (profile expired-sso): expired 1h 00m ago"), std::string::npos) << out;
  EXPECT_NE(out.find("      fix: run: aws sso login --profile expired-sso\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("credentials (profile expired-sso)"), std::string::npos) << out;  // not asked with a dead token
  EXPECT_NE(out.find("FAIL  region (profile badregion): 'us-east1' is not a region name"), std::string::npos) << out;
  EXPECT_NE(out.find("fix: run: aws configure set region us-east-1 --profile badregion"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    endpoint " + shared_moto().endpoint() + " (sts, ec2, rds, cloudwatch, logs, ecs, ssm): answers"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("WARN  session-manager-plugin: not on PATH: SSM shells, port forwards and ECS Exec use opsdeck's own"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("WARN  ssh-agent: SSH_AUTH_SOCK is not set"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    terminal: TERM=xterm-256color, 256 colours"), std::string::npos) << out;
  EXPECT_NE(out.find("OK    locale: C.UTF-8 (UTF-8)"), std::string::npos) << out;
  EXPECT_NE(out.find("doctor: "), std::string::npos);
  EXPECT_NE(out.find(", 2 FAIL\n"), std::string::npos) << out;
  // The cached token is a secret.
  EXPECT_EQ(out.find("expired-token-value"), std::string::npos);
  EXPECT_EQ(r.err.find("expired-token-value"), std::string::npos);
}

TEST_F(DoctorCli, AFreshSsoTokenIsExchangedAndItsAgeShown) {
  const auto& c = shared_moto().credentials();
  testing::LoopbackHttpServer portal([&c](const testing::CapturedRequest& r) {
    const std::string* t = r.header("x-amz-sso_bearer_token");
    if (!t || *t != "fresh-token-value") return testing::LoopbackHttpServer::response(401, "{}", {}, "application/json");
    return testing::LoopbackHttpServer::response(
        200, R"({"roleCredentials":{"accessKeyId":")" + c.access_key_id + R"(","secretAccessKey":")" +
                 c.secret_access_key + R"(","expiration":4102444800000}})",
        {}, "application/json");
  });
  write_file(dir_.path() / "aws-config",
             "[profile sso-ok]\nregion = us-east-1\nsso_session = ok\nsso_account_id = 123456789012\n"
             "sso_role_name = ReadOnly\n[sso-session ok]\nsso_start_url = https://ok.awsapps.example/start\n"
             "sso_region = us-east-1\n");
  aws::SsoParams sso;
  sso.session_name = "ok";
  write_file(dir_.path() / "home/.aws/sso/cache" / (aws::SsoCredentialsProvider::cache_key(sso) + ".json"),
             R"({"accessToken": "fresh-token-value", "expiresAt": ")" + iso_time(2 * 3600 + 120) + R"("})");
  auto r = doctor({"--endpoint-url", shared_moto().endpoint()}, true, {{"AWS_ENDPOINT_URL_SSO", portal.url()}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("OK    SSO token (profile sso-ok): valid for 2h 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(", logged in 0m ago\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK    credentials (profile sso-ok): arn:aws:iam::123456789012:user/"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("via IAM Identity Center (SSO)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("fresh-token-value"), std::string::npos);

  // Under the fence a portal outside loopback is not asked either.
  auto fenced = doctor({"--endpoint-url", shared_moto().endpoint()}, true);
  EXPECT_NE(fenced.out.find("WARN  credentials (profile sso-ok): not verified: the SSO portal at "
                            "https://portal.sso.us-east-1.amazonaws.com is outside what OPSDECK_NETWORK=loopback allows"),
            std::string::npos)
      << fenced.out;
}

TEST_F(DoctorCli, AWorkingProfileWithThePluginPassesWithExitZero) {
  auto r = doctor({"--endpoint-url", shared_moto().endpoint(), "--profile", "works"}, true);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("OK    credentials (profile works)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("profile role"), std::string::npos) << r.out;  // only the profile named
  EXPECT_NE(r.out.find("OK    session-manager-plugin: " + (dir_.path() / "bin/session-manager-plugin").string()),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("\nFAIL  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(", 0 FAIL\n"), std::string::npos) << r.out;
}

TEST_F(DoctorCli, TheNetworkFenceKeepsItOffRealEndpoints) {
  auto r = doctor({"--profile", "works"}, true);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("WARN  credentials (profile works): not verified: STS at https://sts.us-east-1.amazonaws.com "
                       "is outside what OPSDECK_NETWORK=loopback allows"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("WARN  endpoints of ec2, ecs, logs, cloudwatch, rds, ssm, sts in us-east-1: not checked: "
                       "OPSDECK_NETWORK=loopback"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("OK    endpoint"), std::string::npos) << r.out;
}

TEST_F(DoctorCli, ABrokenConfigIsAFail) {
  write_file(dir_.path() / "bad.json", "{\"environments\": {\"prod\": {\"region\": 5}}}");
  auto r = doctor({"--endpoint-url", shared_moto().endpoint(), "--profile", "works", "--config",
                   (dir_.path() / "bad.json").string()},
                  true);
  EXPECT_EQ(r.exit_code, 7) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL  config: config " + (dir_.path() / "bad.json").string() +
                       ": $.environments.prod.region"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace opsdeck
