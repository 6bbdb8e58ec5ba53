// Which environment guards an action: the resource's own, the account the credentials
// resolve to, an explicitly chosen production profile (app/guard_scope.hpp).

#include <gtest/gtest.h>

#include "app/guard_scope.hpp"

namespace opsdeck::app {
namespace {

Config two_accounts() {
  auto c = parse_config(R"({
    "default_environment": "dev",
    "environments": {
      "prod": {"production": true, "profile": "prod", "region": "us-east-1", "account_id": "111111111111"},
      "dev": {"production": false, "profile": "dev", "region": "eu-west-1", "account_id": "222222222222"},
      "sandbox": {"production": false, "profile": "sandbox"}
    }
  })", "config.json");
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : Config{};
}

TEST(GuardScope, AccountOfArn) {
  EXPECT_EQ(account_of_arn("arn:aws:sts::123456789012:assumed-role/ops/me"), "123456789012");
  EXPECT_EQ(account_of_arn("arn:aws:iam::123456789012:user/alice"), "123456789012");
  EXPECT_EQ(account_of_arn("arn:aws:iam::12345:user/alice"), "");
  EXPECT_EQ(account_of_arn("not an arn"), "");
  EXPECT_EQ(account_of_arn(""), "");
}

TEST(GuardScope, TheSelectedEnvironmentWhenEverythingAgrees) {
  Config c = two_accounts();
  auto s = resolve_guard_scope({&c, c.find_environment("dev"), "", "dev", false, "222222222222", true});
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->environment, "dev");
  EXPECT_FALSE(s->production);
}

TEST(GuardScope, AccountMismatchIsRefused) {
  Config c = two_accounts();
  auto s = resolve_guard_scope({&c, c.find_environment("dev"), "", "other", true, "333333333333", true});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, aws::ErrorKind::ReadOnly);
  EXPECT_NE(s.error().message.find("222222222222"), std::string::npos);
  EXPECT_NE(s.error().message.find("333333333333"), std::string::npos);
}

TEST(GuardScope, AProductionAccountIsProductionWhateverEnvSays) {
  Config c = two_accounts();
  // sandbox names no account; the credentials resolve to prod's.
  auto s = resolve_guard_scope({&c, c.find_environment("sandbox"), "", "sandbox", false, "111111111111", true});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->production);
  EXPECT_EQ(s->environment, "prod") << "the name to type is the production environment's";
  ASSERT_FALSE(s->why.empty());
}

TEST(GuardScope, AnExplicitProductionProfileIsProduction) {
  Config c = two_accounts();
  // `--profile prod` with the dev default environment (identity unknown: no AWS).
  auto s = resolve_guard_scope({&c, c.find_environment("sandbox"), "", "prod", true, "", false});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->production);
  EXPECT_EQ(s->environment, "prod");
  // Without --profile the same name from the environment's config means nothing more.
  auto implicit = resolve_guard_scope({&c, c.find_environment("sandbox"), "", "prod", false, "", false});
  ASSERT_TRUE(implicit.ok());
  EXPECT_FALSE(implicit->production);
}

TEST(GuardScope, TheResourcesEnvironmentGuardsIt) {
  Config c = two_accounts();
  // `opsdeck --env dev deploy clinic-api` where the service is configured as prod.
  auto s = resolve_guard_scope({&c, c.find_environment("dev"), "prod", "prod", false, "111111111111", true});
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_TRUE(s->production);
  EXPECT_EQ(s->environment, "prod");
  // A dev resource from a prod console is guarded as dev.
  auto dev = resolve_guard_scope({&c, c.find_environment("prod"), "dev", "dev", false, "222222222222", true});
  ASSERT_TRUE(dev.ok());
  EXPECT_FALSE(dev->production);
  EXPECT_EQ(dev->environment, "dev");
  // A resource naming an environment the config lacks is a config error.
  auto missing = resolve_guard_scope({&c, c.find_environment("dev"), "staging", "dev", false, "", false});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, aws::ErrorKind::Usage);
}

TEST(GuardScope, AnAccountThatCannotBeConfirmedIsProduction) {
  Config c = two_accounts();
  auto s = resolve_guard_scope({&c, c.find_environment("dev"), "", "dev", false, "", true});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->production) << "dev names its account, and STS did not confirm it";
}

TEST(GuardScope, ConfigRejectsAMalformedAccountId) {
  auto c = parse_config(R"({"environments": {"prod": {"account_id": "12345"}}})", "config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("account_id"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::app
