#include <gtest/gtest.h>

#include <map>

#include "aws/credential_defaults.hpp"
#include "aws/credential_profile.hpp"
#include "aws/ini_file.hpp"
#include "aws/shared_config.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck::aws;
using opsdeck::testing::TempDir;
using opsdeck::testing::write_file;

namespace {
EnvLookup env(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}
}  // namespace

TEST(IniFile, SectionsKeysCommentsAndNestedBlocks) {
  auto ini = parse_ini(
      "# comment\n[default]\nregion = eu-west-1 ; trailing\nAWS_Access_Key_ID=AK#notacomment\n\n"
      "[profile   prod]\ns3 =\n  max_concurrent_requests = 10\nregion=us-east-2\r\n");
  ASSERT_TRUE(ini.ok()) << ini.error().describe();
  EXPECT_EQ(ini->section("default")->at("region"), "eu-west-1");
  EXPECT_EQ(ini->section("default")->at("aws_access_key_id"), "AK#notacomment");
  EXPECT_EQ(ini->section("profile prod")->at("s3.max_concurrent_requests"), "10");
  EXPECT_EQ(ini->section("profile prod")->at("region"), "us-east-2");
}

TEST(IniFile, MalformedLinesNameFileAndLine) {
  auto bad = parse_ini("[default]\nregion\n", "/home/x/.aws/config");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/home/x/.aws/config:2"), std::string::npos);
  EXPECT_FALSE(parse_ini("key = v\n").ok());
  EXPECT_FALSE(parse_ini("[open\n").ok());
}

TEST(SharedConfig, FilesFromEnvironmentAndMergedProfiles) {
  TempDir d;
  write_file(d.path() / "creds", "[prod]\naws_access_key_id = AKPROD\naws_secret_access_key = s1\n");
  write_file(d.path() / "conf", "[profile prod]\nregion = eu-north-1\naws_access_key_id = IGNORED\n"
                                "[default]\nregion = us-west-2\n");
  auto e = env({{"AWS_SHARED_CREDENTIALS_FILE", (d.path() / "creds").string()},
                {"AWS_CONFIG_FILE", (d.path() / "conf").string()}});
  auto c = SharedConfig::load(e);
  ASSERT_TRUE(c.ok());
  auto prod = c->profile("prod");
  ASSERT_TRUE(prod);
  EXPECT_EQ(prod->at("aws_access_key_id"), "AKPROD");  // the credentials file wins
  EXPECT_EQ(prod->at("region"), "eu-north-1");
  EXPECT_EQ(resolve_region("", e, &*c, "prod"), "eu-north-1");
  EXPECT_EQ(resolve_region("", e, &*c, "default"), "us-west-2");
  EXPECT_EQ(resolve_region("ap-south-1", e, &*c, "prod"), "ap-south-1");
  auto with_env = env({{"AWS_DEFAULT_REGION", "sa-east-1"}, {"AWS_REGION", "ca-central-1"}});
  EXPECT_EQ(resolve_region("", with_env, &*c, "prod"), "ca-central-1");
}

TEST(SharedConfig, ProfileNamesFromBothFilesOnceEachSorted) {
  auto c = SharedConfig::from_text("[prod]\naws_access_key_id = A\n[default]\naws_access_key_id = B\n",
                                   "[default]\nregion = eu-west-1\n[profile prod]\nregion = us-east-1\n"
                                   "[profile staging]\nregion = us-east-2\n[sso-session corp]\nsso_region = x\n"
                                   "[services local]\n");
  EXPECT_EQ(c.profile_names(), (std::vector<std::string>{"default", "prod", "staging"}));
  EXPECT_TRUE(SharedConfig::from_text("", "").profile_names().empty());
}

TEST(ProfileCredentials, StaticKeysAndUnknownProfileNamesIt) {
  auto config = std::make_shared<const SharedConfig>(SharedConfig::from_text(
      "[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = sdev\naws_session_token = tdev\n", ""));
  ProfileOptions o;
  o.explicit_profile = true;
  auto dev = ProfileCredentialsProvider("dev", config, o).get();
  ASSERT_TRUE(dev.ok());
  EXPECT_EQ(dev->access_key_id, "AKDEV");
  EXPECT_EQ(dev->session_token, "tdev");
  auto missing = ProfileCredentialsProvider("weightloss", config, o).get();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Credentials);
  EXPECT_NE(missing.error().message.find("'weightloss'"), std::string::npos);
  ProfileOptions implicit;
  auto none = ProfileCredentialsProvider("default", config, implicit).get();
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(is_not_configured(none.error()));
}

TEST(ProfileCredentials, CredentialProcessOutputAndFailures) {
  TempDir d;
  write_file(d.path() / "ok.sh",
             "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"sp\", "
             "\"SessionToken\": \"tp\", \"Expiration\": \"2030-01-01T00:00:00Z\"}'\n");
  write_file(d.path() / "fail.sh", "#!/bin/sh\necho 'token expired, log in again' >&2\nexit 3\n");
  std::string text = "[p]\ncredential_process = sh " + (d.path() / "ok.sh").string() +
                     "\n[f]\ncredential_process = sh " + (d.path() / "fail.sh").string() + "\n";
  auto config = std::make_shared<const SharedConfig>(SharedConfig::from_text(text, ""));
  ProfileOptions o;
  o.explicit_profile = true;
  auto ok = ProfileCredentialsProvider("p", config, o).get();
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->access_key_id, "AKPROC");
  EXPECT_EQ(ok->session_token, "tp");
  EXPECT_TRUE(ok->expiration.has_value());
  auto fail = ProfileCredentialsProvider("f", config, o).get();
  ASSERT_FALSE(fail.ok());
  EXPECT_NE(fail.error().message.find("status 3"), std::string::npos);
  EXPECT_NE(fail.error().message.find("token expired"), std::string::npos);
}

TEST(DefaultSetup, EnvironmentFirstUnlessProfileFlagAndNoCredentialsHint) {
  TempDir d;
  write_file(d.path() / "creds", "[prod]\naws_access_key_id = AKPROD\naws_secret_access_key = s\n");
  std::map<std::string, std::string> base = {{"AWS_SHARED_CREDENTIALS_FILE", (d.path() / "creds").string()},
                                             {"AWS_CONFIG_FILE", (d.path() / "none").string()},
                                             {"AWS_EC2_METADATA_DISABLED", "true"},
                                             {"HOME", d.path().string()}};
  auto with_env = base;
  with_env["AWS_ACCESS_KEY_ID"] = "AKENV";
  with_env["AWS_SECRET_ACCESS_KEY"] = "senv";
  CredentialOptions o;
  o.env = env(with_env);
  auto s = make_default_setup(o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->credentials->get()->access_key_id, "AKENV");
  o.profile_flag = "prod";
  EXPECT_EQ(make_default_setup(o)->credentials->get()->access_key_id, "AKPROD");
  CredentialOptions nothing;
  nothing.env = env(base);
  auto none = make_default_setup(nothing)->credentials->get();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::Credentials);
  EXPECT_FALSE(none.error().hint.empty());
  auto malformed = base;
  write_file(d.path() / "bad", "[default\n");
  malformed["AWS_CONFIG_FILE"] = (d.path() / "bad").string();
  CredentialOptions bad;
  bad.env = env(malformed);
  EXPECT_FALSE(make_default_setup(bad).ok());
}

TEST(DefaultSetup, UnknownExplicitProfileFailsAtOnceNamingIt) {
  TempDir d;
  std::map<std::string, std::string> e = {{"AWS_SHARED_CREDENTIALS_FILE", (d.path() / "c").string()},
                                          {"AWS_CONFIG_FILE", (d.path() / "f").string()},
                                          {"AWS_PROFILE", "weightloss"}};
  CredentialOptions o;
  o.env = env(e);
  auto s = make_default_setup(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Credentials);
  EXPECT_NE(s.error().message.find("'weightloss'"), std::string::npos);
}
