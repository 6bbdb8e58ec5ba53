// RDS on-call actions: the modify and restore answers as the operator types them, DB
// identifiers, and the failover / restore capabilities (app/console/database_capabilities.hpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/console/database_capabilities.hpp"

using namespace opsdeck;
using nlohmann::json;

namespace {

const app::Capability& capability(app::ResourceType type, const std::string& command) {
  for (const auto& c : app::capabilities(type))
    if (c.command == command) return c;
  throw std::runtime_error("no capability " + command);
}

}  // namespace

TEST(DatabaseActions, ModifyAnswersNeedAChangeAndWhenToApplyIt) {
  auto m = app::parse_db_modification("class=db.t3.large retention=7 apply=now");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->instance_class, "db.t3.large");
  EXPECT_EQ(m->retention_days, 7);
  EXPECT_TRUE(m->apply_immediately);
  auto w = app::parse_db_modification("  retention=0   apply=window ");
  ASSERT_TRUE(w);
  EXPECT_FALSE(w->apply_immediately);
  EXPECT_TRUE(w->instance_class.empty());
  for (const char* bad : {"", "apply=now", "retention=7", "retention=36 apply=now", "retention=-1 apply=now",
                          "retention=7x apply=now", "class=t3.large apply=now", "class=db.t3 apply=later",
                          "size=big apply=now", "retention 7 apply=now"})
    EXPECT_FALSE(app::parse_db_modification(bad)) << bad;

  auto req = aws::modify_db_instance_request("db1", *m);
  std::map<std::string, std::string> p(req.params.begin(), req.params.end());
  EXPECT_EQ(p["DBInstanceClass"], "db.t3.large");
  EXPECT_EQ(p["BackupRetentionPeriod"], "7");
  EXPECT_EQ(p["ApplyImmediately"], "true");
}

TEST(DatabaseActions, RestoreTargetsAreValidIdentifiersAndIsoTimes) {
  EXPECT_EQ(aws::validate_db_identifier("orders-db-2"), "");
  for (const char* bad : {"", "1db", "db--x", "db-", "db_x", "db.x"}) EXPECT_NE(aws::validate_db_identifier(bad), "") << bad;
  EXPECT_NE(aws::validate_db_identifier(std::string(64, 'a')), "");
  auto t = app::parse_restore_target("orders-pitr 2026-12-03T04:10:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->new_id, "orders-pitr");
  EXPECT_EQ(t->time, "2026-12-03T04:10:00Z");
  EXPECT_TRUE(app::parse_restore_target("orders-pitr"));
  EXPECT_FALSE(app::parse_restore_target("orders-pitr yesterday"));
  EXPECT_FALSE(app::parse_restore_target("orders-pitr 2026-12-03T04:10:00Z extra"));
  auto latest = aws::restore_to_point_in_time_request("orders-db", "orders-pitr", "");
  std::map<std::string, std::string> p(latest.params.begin(), latest.params.end());
  EXPECT_EQ(p["UseLatestRestorableTime"], "true");
  EXPECT_EQ(p["SourceDBInstanceIdentifier"], "orders-db");
  EXPECT_EQ(p.count("RestoreTime"), 0u);
}

TEST(DatabaseActions, FailoverNeedsAStandbyAndModifyStartsFromTheCurrentValues) {
  const auto& failover = capability(app::ResourceType::DbInstance, "action.failover");
  EXPECT_EQ(failover.key, "W");
  json single = {{"DBInstanceIdentifier", "db1"}, {"MultiAZ", "false"}};
  json multi = {{"DBInstanceIdentifier", "db1"}, {"MultiAZ", "true"}, {"DBInstanceClass", "db.t3.micro"},
                {"BackupRetentionPeriod", "7"}};
  auto refused = failover.details(app::ActionTarget{"db1", "db1", "", &single});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not Multi-AZ"), std::string::npos);
  ASSERT_TRUE(failover.details(app::ActionTarget{"db1", "db1", "", &multi}));
  auto req = failover.request(app::ActionTarget{"db1", "db1", "", &multi});
  ASSERT_TRUE(req);
  std::map<std::string, std::string> p(req->params.begin(), req->params.end());
  EXPECT_EQ(p["ForceFailover"], "true");

  const auto& modify = capability(app::ResourceType::DbInstance, "action.edit");
  EXPECT_EQ(modify.input_default(app::ActionTarget{"db1", "db1", "", &multi}),
            "class=db.t3.micro retention=7 apply=window");
  EXPECT_NE(modify.validate("retention=7"), "");
  EXPECT_EQ(modify.validate("retention=7 apply=now"), "");

  const auto& restore = capability(app::ResourceType::DbSnapshot, "action.restore");
  EXPECT_EQ(restore.key, "C");
  json snap = {{"DBSnapshotIdentifier", "s1"}, {"DBInstanceIdentifier", "orders-db"}};
  EXPECT_EQ(restore.input_default(app::ActionTarget{"s1", "s1", "", &snap}), "orders-db-restored");
  auto r = restore.request(app::ActionTarget{"s1", "s1", "orders-new", &snap});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "rds:RestoreDBInstanceFromDBSnapshot");
  EXPECT_FALSE(restore.request(app::ActionTarget{"s1", "s1", "bad--id", &snap}));
}
