// Fleets: the config's $.fleets, the --fleet / --profiles / --regions selection, the
// per-endpoint limit, failure reasons, the merged and sorted rows and what the headless
// fleet commands print and exit with.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <deque>

#include "app/config.hpp"
#include "app/config_check.hpp"
#include "app/exit_codes.hpp"
#include "app/fleet/endpoint_limiter.hpp"
#include "app/fleet/fleet_list_runner.hpp"
#include "app/fleet/fleet_read.hpp"
#include "app/fleet/fleet_selection.hpp"
#include "app/fleet/member_failure.hpp"
#include "app/resources/alarms.hpp"

namespace opsdeck::app {
namespace {

constexpr const char* kConfig = R"({
  "environments": {
    "prod": { "profile": "clinic", "region": "us-east-1", "account_id": "111111111111" },
    "staging": { "profile": "clinic-staging", "region": "eu-west-1" }
  },
  "fleets": {
    "oncall": {
      "members": [
        { "profile": "shared", "regions": ["us-east-1", "eu-west-1"] },
        { "environment": "prod", "regions": ["us-east-1", "ap-south-1"] },
        { "environment": "staging" },
        { "profile": "lab", "region": "us-west-2", "endpoint_url": "http://127.0.0.1:9", "production": true }
      ],
      "max_connections_per_endpoint": 3
    }
  }
})";

Config parsed(const std::string& text) {
  auto c = parse_config(text, "c.json");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().describe());
  return c.ok() ? *c : Config{};
}

std::string parse_error(const std::string& text) {
  auto c = parse_config(text, "c.json");
  return c.ok() ? "" : c.error().describe();
}

TEST(FleetConfig, MembersExpandPerRegionAndTakeTheirEnvironment) {
  auto cfg = parsed(kConfig);
  ASSERT_EQ(cfg.fleets.count("oncall"), 1u);
  const Fleet& f = cfg.fleets.at("oncall");
  EXPECT_EQ(f.max_connections_per_endpoint, 3);
  ASSERT_EQ(f.members.size(), 6u);
  EXPECT_EQ(f.members[0].label(), "shared/us-east-1");
  EXPECT_EQ(f.members[1].label(), "shared/eu-west-1");
  EXPECT_FALSE(f.members[0].production);
  EXPECT_EQ(f.members[2].profile, "clinic");
  EXPECT_EQ(f.members[2].environment, "prod");
  EXPECT_TRUE(f.members[2].production);  // the environment's name says so
  EXPECT_EQ(f.members[2].account_id, "111111111111");
  EXPECT_EQ(f.members[3].region, "ap-south-1");
  EXPECT_EQ(f.members[4].label(), "clinic-staging/eu-west-1");
  EXPECT_FALSE(f.members[4].production);
  EXPECT_EQ(f.members[5].endpoint_url, "http://127.0.0.1:9");
  EXPECT_TRUE(f.members[5].production);
  GlobalOptions base;
  base.readonly = true;
  base.endpoint_url = "http://127.0.0.1:5000";
  auto g = f.members[5].options(base);
  EXPECT_EQ(g.profile, "lab");
  EXPECT_EQ(g.region, "us-west-2");
  EXPECT_EQ(g.endpoint_url, "http://127.0.0.1:9");  // the member's own
  EXPECT_TRUE(g.readonly);
  EXPECT_EQ(f.members[0].options(base).endpoint_url, "http://127.0.0.1:5000");
  // The member's own console keeps the member's guard: production and the account to check,
  // under the member's own name when it has no environment.
  EXPECT_EQ(g.member, "lab/us-west-2");
  EXPECT_TRUE(g.member_production);
  auto prod = f.members[2].options(base);
  EXPECT_EQ(prod.environment, "prod");
  EXPECT_TRUE(prod.member_production);
  EXPECT_EQ(prod.member_account_id, "111111111111");
  EXPECT_FALSE(f.members[0].options(base).member_production);
}

TEST(FleetConfig, MistakesAreErrorsThatNameThePlace) {
  EXPECT_NE(parse_error(R"({"fleets": {"a": {}}})").find("$.fleets.a.members: expected a list"), std::string::npos)
      << parse_error(R"({"fleets": {"a": {}}})");
  EXPECT_NE(parse_error(R"({"fleets": {"a": {"members": []}}})").find("members"), std::string::npos);
  auto unknown_env = parse_error(R"({"environments": {"prod": {}}, "fleets": {"a": {"members": [{"environment": "prd"}]}}})");
  EXPECT_NE(unknown_env.find("no environment called 'prd'"), std::string::npos) << unknown_env;
  EXPECT_NE(unknown_env.find("known: prod"), std::string::npos) << unknown_env;
  auto dup = parse_error(R"({"fleets": {"a": {"members": [{"profile": "p", "regions": ["r1", "r1"]}]}}})");
  EXPECT_NE(dup.find("p/r1 is already a member"), std::string::npos) << dup;
  auto both = parse_error(R"({"fleets": {"a": {"members": [{"profile": "p", "region": "r", "regions": ["s"]}]}}})");
  EXPECT_NE(both.find("not both"), std::string::npos) << both;
  auto regions_type = parse_error(R"({"fleets": {"a": {"members": [{"profile": "p", "regions": "us-east-1"}]}}})");
  EXPECT_NE(regions_type.find("regions"), std::string::npos) << regions_type;
  auto limit = parse_error(R"({"fleets": {"a": {"max_connections_per_endpoint": 0, "members": [{"profile": "p"}]}}})");
  EXPECT_NE(limit.find("expected 1 to 64"), std::string::npos) << limit;
  auto account = parse_error(R"({"fleets": {"a": {"members": [{"profile": "p", "account_id": "12"}]}}})");
  EXPECT_NE(account.find("12-digit"), std::string::npos) << account;
}

TEST(FleetConfig, ConfigCheckKnowsTheFleetKeys) {
  auto ok = check_config_text(kConfig, "c.json");
  EXPECT_TRUE(ok.problems.empty()) << (ok.problems.empty() ? "" : ok.problems[0].what);
  auto typo = check_config_text(R"({"fleets": {"a": {"members": [{"profile": "p", "regoins": ["r"]}]}}})", "c.json");
  ASSERT_EQ(typo.problems.size(), 1u);
  EXPECT_NE(typo.problems[0].what.find("$.fleets.a.members[0].regoins"), std::string::npos) << typo.problems[0].what;
  EXPECT_NE(typo.problems[0].fix.find("\"regions\""), std::string::npos) << typo.problems[0].fix;
  auto bad = check_config_text(R"({"fleets": {"a": {"members": [{"environment": "nope"}]}}})", "c.json");
  ASSERT_EQ(bad.errors(), 1);
}

TEST(FleetSelection, FlagsAndNames) {
  auto cfg = parsed(kConfig);
  GlobalOptions g;
  g.profile = "me";
  auto named = resolve_fleet(cfg, {"oncall", "", ""}, g);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->members.size(), 6u);

  auto all = resolve_fleet(cfg, {"all", "", ""}, g);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->members.size(), 2u);  // every environment
  EXPECT_EQ(all->members[0].environment, "prod");
  EXPECT_EQ(all->members[1].label(), "clinic-staging/eu-west-1");

  auto cross = resolve_fleet(cfg, {"", "a, b", "r1,r2"}, g);
  ASSERT_TRUE(cross.ok());
  ASSERT_EQ(cross->members.size(), 4u);
  EXPECT_EQ(cross->members[1].label(), "a/r2");
  EXPECT_EQ(cross->members[2].label(), "b/r1");

  auto regions_only = resolve_fleet(cfg, {"", "", "r1,r2"}, g);
  ASSERT_TRUE(regions_only.ok());
  EXPECT_EQ(regions_only->members[1].label(), "me/r2");  // the run's --profile

  auto unknown = resolve_fleet(cfg, {"oncal", "", ""}, g);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(exit_code_for(unknown.error()), kExitUsage);
  EXPECT_NE(unknown.error().hint.find("oncall"), std::string::npos) << unknown.error().hint;
  EXPECT_FALSE(resolve_fleet(cfg, {"oncall", "a", ""}, g).ok());
  EXPECT_FALSE(resolve_fleet(cfg, {"", "a,,b", ""}, g).ok());
  EXPECT_FALSE(resolve_fleet(cfg, {"", "a,a", ""}, g).ok());
  EXPECT_FALSE(resolve_fleet(Config{}, {"all", "", ""}, g).ok());
}

// An async caller that holds every request until the test answers it.
struct HeldCaller {
  std::deque<std::pair<aws::AwsRequest, aws::ResponseCallback>> held;
  aws::AsyncCaller caller() {
    return [this](const aws::AwsRequest& r, aws::ResponseCallback cb) { held.emplace_back(r, std::move(cb)); };
  }
  void answer_first() {
    auto [r, cb] = std::move(held.front());
    held.pop_front();
    cb(aws::HttpResponse{});
  }
};

TEST(EndpointLimiter, HoldsRequestsOverTheLimitPerEndpointInOrder) {
  HeldCaller net;
  auto limiter = EndpointLimiter::create(2);
  auto call = limiter->wrap(net.caller(), [](const aws::AwsRequest& r) { return r.operation.substr(0, 1); });
  std::vector<std::string> finished;
  for (const char* op : {"A1", "A2", "A3", "A4", "B1"}) {
    aws::AwsRequest r;
    r.operation = op;
    call(r, [&finished, op](aws::Result<aws::HttpResponse>) { finished.push_back(op); });
  }
  // Two to endpoint A, one to B; A3 and A4 wait.
  ASSERT_EQ(net.held.size(), 3u);
  EXPECT_EQ(net.held[2].first.operation, "B1");
  net.answer_first();  // A1 done: A3 starts
  ASSERT_EQ(net.held.size(), 3u);
  EXPECT_EQ(net.held.back().first.operation, "A3");
  while (!net.held.empty()) net.answer_first();
  EXPECT_EQ(finished.size(), 5u);
  EXPECT_EQ(limiter->peak("A"), 2);
  EXPECT_EQ(limiter->peak("B"), 1);
}

aws::Error aws_error(aws::ErrorKind kind, std::string code, std::string hint = {}) {
  aws::Error e;
  e.kind = kind;
  e.code = std::move(code);
  e.message = "it failed";
  e.hint = std::move(hint);
  e.operation = "cloudwatch:DescribeAlarms";
  e.endpoint = "http://127.0.0.1:9";
  return e;
}

TEST(MemberFailure, ReasonsNameTheFixForTheMembersOwnProfile) {
  FleetMember m;
  m.profile = "prod";
  m.region = "eu-west-1";
  auto sso = explain_member_failure(
      m, aws_error(aws::ErrorKind::Credentials, "", "run: aws sso login --profile prod"));
  EXPECT_EQ(sso.kind, FailureKind::SsoExpired);
  EXPECT_EQ(sso.fix, "run: aws sso login --profile prod");
  auto rejected = explain_member_failure(m, aws_error(aws::ErrorKind::Credentials, "InvalidClientTokenId", "x"));
  EXPECT_EQ(rejected.kind, FailureKind::CredentialsRejected);
  EXPECT_NE(rejected.fix.find("aws configure list --profile prod"), std::string::npos);
  auto expired = explain_member_failure(m, aws_error(aws::ErrorKind::Credentials, "ExpiredToken"));
  EXPECT_EQ(expired.kind, FailureKind::CredentialsExpired);
  EXPECT_NE(expired.fix.find("aws sso login --profile prod"), std::string::npos);
  auto denied = explain_member_failure(m, aws_error(aws::ErrorKind::Aws, "AccessDenied"));
  EXPECT_EQ(denied.reason, "access denied");
  EXPECT_NE(denied.fix.find("cloudwatch:DescribeAlarms"), std::string::npos);
  auto dead = explain_member_failure(m, aws_error(aws::ErrorKind::Network, ""));
  EXPECT_EQ(dead.reason, "endpoint unreachable");
  EXPECT_NE(dead.fix.find("http://127.0.0.1:9"), std::string::npos);
  auto throttled = explain_member_failure(m, aws_error(aws::ErrorKind::Aws, "ThrottlingException"));
  EXPECT_EQ(throttled.kind, FailureKind::Throttled);
}

Resource alarm(const std::string& name, const std::string& state, const std::string& updated) {
  aws::Alarm a;
  a.name = name;
  a.state = state;
  a.updated = updated;
  a.metric = "CPUUtilization";
  a.namespace_ = "AWS/EC2";
  return resource_of(a);
}

MemberRows member_rows(std::size_t index, const std::string& account, const std::string& region,
                       std::vector<Resource> rows) {
  MemberRows m;
  m.index = index;
  m.member.profile = "p" + std::to_string(index);
  m.member.region = region;
  m.profile = m.member.profile;
  m.region = region;
  m.account = account;
  m.snapshot.resources = std::move(rows);
  return m;
}

FleetSnapshot two_accounts() {
  FleetSnapshot s;
  s.members = 3;
  s.answered.push_back(member_rows(0, "111111111111", "us-east-1",
                                   {alarm("a-ok", "OK", "2026-01-01T00:00:00Z"),
                                    alarm("a-firing-new", "ALARM", "2026-12-03T02:00:00Z")}));
  s.answered.push_back(member_rows(2, "222222222222", "eu-west-1",
                                   {alarm("b-firing-old", "ALARM", "2026-12-02T23:00:00Z"),
                                    alarm("b-nodata", "INSUFFICIENT_DATA", "2026-06-01T00:00:00Z")}));
  FleetMember dead;
  dead.profile = "p1";
  dead.region = "us-west-2";
  s.failed.emplace_back(1, explain_member_failure(dead, aws_error(aws::ErrorKind::Network, "")));
  return s;
}

TEST(FleetRows, AlarmsFirstThenLongestInStateAcrossAccounts) {
  auto rows = merged_rows(alarm_list(), two_accounts());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].resource.id, "b-firing-old");
  EXPECT_EQ(rows[0].member, 2u);
  EXPECT_EQ(rows[1].resource.id, "a-firing-new");
  EXPECT_EQ(rows[2].resource.id, "b-nodata");
  EXPECT_EQ(rows[3].resource.id, "a-ok");
  EXPECT_EQ(rows[0].resource.fields["account"], "222222222222");
  EXPECT_EQ(rows[1].resource.fields["region"], "us-east-1");
}

TEST(FleetListOutcome, JsonTableStderrAndThePartialExitCode) {
  auto json = fleet_list_outcome(alarm_list(), "json", two_accounts());
  EXPECT_EQ(json.exit_code, kExitPartial);
  auto arr = nlohmann::ordered_json::parse(json.out);
  ASSERT_EQ(arr.size(), 4u);
  std::vector<std::string> keys;
  for (const auto& [k, v] : arr[0].items()) keys.push_back(k);
  EXPECT_EQ(keys, fleet_keys(alarm_list()));
  EXPECT_EQ(keys[0], "account");
  EXPECT_NE(json.err.find("fleet member p1/us-west-2: endpoint unreachable"), std::string::npos) << json.err;
  EXPECT_NE(json.err.find("1 of 3 fleet members failed"), std::string::npos) << json.err;

  auto table = fleet_list_outcome(alarm_list(), "table", two_accounts());
  EXPECT_EQ(table.out.rfind("ACCOUNT", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("PROFILE"), std::string::npos);
  EXPECT_NE(table.out.find("222222222222"), std::string::npos);

  FleetSnapshot none;
  none.members = 1;
  FleetMember m;
  m.profile = "x";
  none.failed.emplace_back(0, explain_member_failure(m, aws_error(aws::ErrorKind::Credentials, "InvalidClientTokenId")));
  auto failed = fleet_list_outcome(alarm_list(), "json", none);
  EXPECT_EQ(failed.exit_code, kExitCredentials);
  EXPECT_TRUE(failed.out.empty());
  EXPECT_NE(failed.err.find("no member of the fleet answered"), std::string::npos);

  FleetSnapshot all_ok = two_accounts();
  all_ok.failed.clear();
  all_ok.members = 2;
  EXPECT_EQ(fleet_list_outcome(alarm_list(), "json", all_ok).exit_code, kExitOk);
}

}  // namespace
}  // namespace opsdeck::app
