// Console port forwards: where they go, through which instance, and the registry and rows
// the Forwards view shows.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/console/forward_registry.hpp"
#include "app/console/forward_route.hpp"
#include "app/console/screens/forwards_screen.hpp"
#include "app/resources/instances.hpp"

namespace opsdeck::app {
namespace {

// Built the way the Instances pane builds its rows, so the VPC is where the pane puts it.
Resource instance(const std::string& id, const std::string& name, const std::string& ssm, const std::string& vpc) {
  aws::Ec2Instance i;
  i.id = id;
  i.name = name;
  i.state = "running";
  i.vpc_id = vpc;
  i.raw = {{"instanceId", id}, {"vpcId", vpc}};  // DescribeInstances' item, as parsed
  Resource r = resource_of(i);
  r.fields["ssm"] = ssm.empty() ? nlohmann::json(nullptr) : nlohmann::json(ssm);
  return r;
}

Resource database(const std::string& id, const std::string& endpoint, const std::string& vpc) {
  Resource r;
  r.kind = ResourceType::DbInstance;
  r.id = id;
  r.fields["endpoint"] = endpoint.empty() ? nlohmann::json(nullptr) : nlohmann::json(endpoint);
  r.fields["status"] = "creating";
  if (!vpc.empty()) r.raw = {{"DBSubnetGroup", {{"VpcId", vpc}}}};
  return r;
}

TEST(ForwardRoute, DatabaseWithoutEndpointSaysItsStatus) {
  auto e = database_endpoint(database("new-db", "", "vpc-1"));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("no endpoint yet (status creating)"), std::string::npos) << e.error().message;
  auto ok = database_endpoint(database("db", "db.internal:5432", "vpc-1"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->text(), "db.internal:5432");
}

TEST(ForwardRoute, AnOnlineInstanceInTheDatabasesVpcIsChosen) {
  Resource other_vpc = instance("i-1", "aaa", "Online", "vpc-2");
  Resource offline = instance("i-2", "bbb", "ConnectionLost", "vpc-1");
  Resource good = instance("i-3", "ccc", "Online", "vpc-1");
  Resource unmanaged = instance("i-4", "ddd", "", "vpc-1");
  auto via = choose_forward_via(database("db", "db:5432", "vpc-1"), {&other_vpc, &offline, &unmanaged, &good}, "");
  ASSERT_TRUE(via) << via.error().message;
  EXPECT_EQ(via->instance_id, "i-3");
  EXPECT_EQ(via->why, "Online in vpc-1");
}

// The VPC read where a real DescribeInstances answer puts it (the captured response).
TEST(ForwardRoute, TheVpcComesFromARealDescribeInstancesAnswer) {
  std::ifstream in(std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/fixtures/ec2_DescribeInstances.xml");
  std::stringstream body;
  body << in.rdbuf();
  auto page = aws::parse_describe_instances(body.str());
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_FALSE(page->instances.empty());
  Resource r = resource_of(page->instances.front());
  r.fields["ssm"] = "Online";
  const std::string vpc = page->instances.front().vpc_id;
  ASSERT_FALSE(vpc.empty());
  auto via = choose_forward_via(database("db", "db:5432", vpc), {&r}, "");
  ASSERT_TRUE(via) << via.error().message;
  EXPECT_EQ(via->instance_id, page->instances.front().id);
  EXPECT_FALSE(choose_forward_via(database("db", "db:5432", "vpc-other"), {&r}, ""));
}

TEST(ForwardRoute, TheDatabasesOwnStackWinsThenABastionThenTheFirstName) {
  Resource runner = instance("i-1", "clickit-dev-runner", "Online", "vpc-1");
  Resource api = instance("i-2", "clinic-api", "Online", "vpc-1");
  Resource jump = instance("i-3", "ops-bastion", "Online", "vpc-1");
  Resource other_vpc_twin = instance("i-4", "clinic-db-proxy", "Online", "vpc-2");
  auto db = database("clinic-db", "clinic-db.x:5432", "vpc-1");
  auto via = choose_forward_via(db, {&runner, &jump, &other_vpc_twin, &api}, "");
  ASSERT_TRUE(via) << via.error().message;
  EXPECT_EQ(via->instance_id, "i-2");  // shares "clinic"; the better name in vpc-2 is not reachable
  via = choose_forward_via(database("therapy-db", "t:5432", "vpc-1"), {&runner, &api, &jump}, "");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->instance_id, "i-3");  // no stack in common: the bastion
  via = choose_forward_via(database("THERAPY_db", "t:5432", "vpc-1"), {&runner, &api}, "");
  ASSERT_TRUE(via);
  EXPECT_EQ(via->instance_id, "i-1");  // nothing in common: the first by name
}

TEST(ForwardRoute, NoOnlineInstanceInTheVpcRefusesAndNamesTheFix) {
  Resource other_vpc = instance("i-1", "aaa", "Online", "vpc-2");
  auto via = choose_forward_via(database("db", "db:5432", "vpc-1"), {&other_vpc}, "");
  ASSERT_FALSE(via);
  EXPECT_NE(via.error().message.find("vpc-1"), std::string::npos);
  EXPECT_NE(via.error().message.find("bastion"), std::string::npos);
  auto none = choose_forward_via(database("db", "db:5432", "vpc-1"), {}, "");
  ASSERT_FALSE(none);
}

TEST(ForwardRoute, TheBastionWinsByIdOrName) {
  Resource good = instance("i-3", "ccc", "Online", "vpc-1");
  Resource bastion = instance("i-9", "jump", "Online", "vpc-9");
  auto by_name = choose_forward_via(database("db", "db:5432", "vpc-1"), {&good, &bastion}, "jump");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->instance_id, "i-9");
  EXPECT_EQ(by_name->why, "the config's ssm.bastion");
  auto by_id = choose_forward_via(database("db", "db:5432", "vpc-1"), {&good}, "i-0123456789abcdef0");
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->instance_id, "i-0123456789abcdef0");
  auto unknown = choose_forward_via(database("db", "db:5432", "vpc-1"), {&good}, "no-such-name");
  EXPECT_FALSE(unknown);
}

TEST(ForwardRoute, UnknownVpcGuessesOnlyWhenOneInstanceCould) {
  Resource cache;
  cache.kind = ResourceType::CacheCluster;
  cache.id = "redis";
  cache.fields["endpoint"] = "redis.cache:6379";
  Resource a = instance("i-1", "a", "Online", "vpc-1");
  Resource b = instance("i-2", "b", "Online", "vpc-2");
  auto one = choose_forward_via(cache, {&a}, "");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->instance_id, "i-1");
  auto two = choose_forward_via(cache, {&a, &b}, "");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("2 instances"), std::string::npos) << two.error().message;
}

struct FakeForward {
  ForwardStatus status{"open", "", 15432, 10, 20, 1, 3, 0, 0};
  int closes = 0;
};

ForwardEntry entry_for(const std::shared_ptr<FakeForward>& f) {
  ForwardEntry e;
  e.kind = "SSM";
  e.remote = "db.internal:5432";
  e.via = "clinic-api (i-0abc)";
  e.label = "clinic-db";
  e.status = [f] { return f->status; };
  e.close = [f] {
    ++f->closes;
    f->status.state = "closed";
  };
  return e;
}

TEST(ForwardRegistry, ClosingKeepsTheRowUntilForgottenAndClosesOnce) {
  ForwardRegistry registry;
  auto a = std::make_shared<FakeForward>();
  auto b = std::make_shared<FakeForward>();
  int id_a = registry.add(entry_for(a));
  int id_b = registry.add(entry_for(b));
  EXPECT_NE(id_a, id_b);
  EXPECT_EQ(registry.open_count(), 2);
  EXPECT_FALSE(registry.forget(id_a));  // still open
  EXPECT_TRUE(registry.close(id_a));
  EXPECT_TRUE(registry.close(id_a));
  EXPECT_EQ(a->closes, 1);
  EXPECT_EQ(registry.open_count(), 1);
  auto rows = registry.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status.state, "closed");
  EXPECT_EQ(rows[1].status.state, "open");
  EXPECT_TRUE(registry.forget(id_a));
  EXPECT_EQ(registry.rows().size(), 1u);
  EXPECT_FALSE(registry.close(id_a));
}

TEST(ForwardRegistry, AFailedForwardFreesItsSessionAndDestructionClosesTheRest) {
  auto a = std::make_shared<FakeForward>();
  auto b = std::make_shared<FakeForward>();
  {
    ForwardRegistry registry;
    registry.add(entry_for(a));
    registry.add(entry_for(b));
    b->status.state = "failed";
    EXPECT_EQ(registry.open_count(), 1);
    EXPECT_TRUE(registry.forget(2));
  }
  EXPECT_EQ(a->closes, 1);
  EXPECT_EQ(b->closes, 0);
}

TEST(ForwardRows, CellsSayStateAddressesTrafficAndAreDisplaySafe) {
  ForwardRegistry registry;
  auto a = std::make_shared<FakeForward>();
  a->status.bytes_to_remote = 3 * 1024 * 1024;
  a->status.reconnects = 2;
  a->status.detail = "reconnected\x1b[31m";
  ForwardEntry e = entry_for(a);
  e.remote = "evil\x1b]0;title\x07:5432";
  e.started = std::chrono::system_clock::now() - std::chrono::seconds(125);
  registry.add(std::move(e));
  PaneRows rows = forward_rows(registry.rows(), std::chrono::system_clock::now());
  ASSERT_EQ(rows.rows.size(), 1u);
  const auto& r = rows.rows[0];
  EXPECT_EQ(rows.keys[0], "1");
  EXPECT_EQ(r[2].text, "open");
  EXPECT_EQ(r[3].text, "127.0.0.1:15432");
  EXPECT_EQ(r[6].text, "1/3");
  EXPECT_EQ(r[8].text, "3.0 MiB");
  EXPECT_EQ(r[10].text, "2");
  EXPECT_EQ(r[11].text, "2m");
  for (const auto& cell : r) EXPECT_EQ(cell.text.find('\x1b'), std::string::npos) << cell.text;
  EXPECT_EQ(rows.documents[0]["reconnects"], 2);
}

TEST(HumanBytes, Units) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1536), "1.5 KiB");
  EXPECT_EQ(human_bytes(5ull << 30), "5.0 GiB");
}

}  // namespace
}  // namespace opsdeck::app
