// The resource lists (app/resources/) both front ends read through: one read per list over
// an AsyncCaller, optional services that only leave rows out (and are not asked again once
// they failed, when the caller remembers), one order and one set of fields for the
// headless JSON, its table and the console pane.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "app/console/sources/resource_rows.hpp"
#include "app/list_runner.hpp"
#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"
#include "app/resources/resource_lists.hpp"
#include "app/resources/when_both.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::app {
namespace {

using testing::captured;

aws::Result<Snapshot> read(const ResourceList& list, testing::ScriptedCaller& sc, FetchOptions options = {}) {
  std::optional<aws::Result<Snapshot>> got;
  list.fetch(sc.async_caller(), options, [&got](aws::Result<Snapshot> r) { got.emplace(std::move(r)); });
  EXPECT_TRUE(got.has_value()) << "an inline caller completes the read before fetch returns";
  return got ? std::move(*got) : aws::Result<Snapshot>(aws::make_error(aws::ErrorKind::Internal, "no answer"));
}

int calls_to(const testing::ScriptedCaller& sc, const std::string& operation) {
  int n = 0;
  for (const auto& r : sc.seen) n += r.name() == operation;
  return n;
}

TEST(ResourceLists, HeadlessJsonAndThePaneShowTheSameRowsInTheSameOrder) {
  testing::ScriptedCaller sc;
  for (int i = 0; i < 2; ++i) {
    sc.bodies["ec2:DescribeInstances"].push_back(captured("ec2_DescribeInstances.xml"));
    sc.bodies["lightsail:GetInstances"].push_back(captured("lightsail_GetInstances.json"));
  }
  auto headless = run_list("instances", "json", sc.async_caller());
  ASSERT_EQ(headless.exit_code, 0) << headless.err;
  auto snapshot = read(instance_list(), sc);
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  PaneRows pane = pane_rows(instance_list(), *snapshot, SysTime{});

  auto json = nlohmann::json::parse(headless.out);
  ASSERT_EQ(json.size(), pane.rows.size());
  ASSERT_EQ(json.size(), 6u);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto& r = snapshot->resources[i];
    EXPECT_EQ(json[i]["id"], r.id);
    EXPECT_EQ(pane.keys[i], row_key(r));
    EXPECT_EQ(pane.kinds[i], json[i]["source"] == "ec2" ? ResourceType::Ec2Instance : ResourceType::LightsailInstance);
    // The pane's NAME cell is the JSON's name (or the id of an untagged instance).
    std::string name = json[i]["name"];
    EXPECT_EQ(pane.rows[i][0].text, name.empty() ? r.id : name);
    EXPECT_EQ(pane.rows[i][1].text, json[i]["state"]);
  }
  // EC2 first, then Lightsail; within each, by the name shown.
  for (std::size_t i = 1; i < json.size(); ++i) {
    if (json[i]["source"] == json[i - 1]["source"]) {
      EXPECT_LE(pane.rows[i - 1][0].text, pane.rows[i][0].text);
    }
  }
  EXPECT_EQ(json.back()["source"], "lightsail");
  EXPECT_EQ(pane.keys.back().rfind("lightsail:", 0), 0u);
}

TEST(ResourceLists, AnOptionalServiceThatFailedIsLeftOutAndNotAskedAgain) {
  testing::ScriptedCaller sc;  // no Lightsail answer: it fails
  for (int i = 0; i < 3; ++i) sc.bodies["ec2:DescribeInstances"].push_back(captured("ec2_DescribeInstances.xml"));
  FetchOptions remembering;
  remembering.optional = std::make_shared<OptionalSources>();
  auto first = read(instance_list(), sc, remembering);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->resources.size(), 4u);
  ASSERT_EQ(first->left_out.size(), 1u);
  EXPECT_EQ(first->left_out[0].source, "Lightsail");
  EXPECT_EQ(first->left_out[0].error.operation, "lightsail:GetInstances");
  EXPECT_EQ(first->left_out[0].error.kind, aws::ErrorKind::NotFound);
  // The probe is one attempt with a short timeout.
  for (const auto& r : sc.seen) {
    if (r.name() == "lightsail:GetInstances") {
      EXPECT_EQ(r.max_attempts, 1);
    }
  }

  auto second = read(instance_list(), sc, remembering);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->left_out.empty());
  EXPECT_EQ(calls_to(sc, "lightsail:GetInstances"), 1);
  // Without the memory (a headless command), it is asked every time.
  auto third = read(instance_list(), sc);
  ASSERT_TRUE(third);
  EXPECT_EQ(calls_to(sc, "lightsail:GetInstances"), 2);
}

TEST(ResourceLists, ARequiredServiceFailingFailsTheReadEvenWhenTheOptionalOneAnswered) {
  testing::ScriptedCaller sc;
  sc.bodies["lightsail:GetInstances"] = {captured("lightsail_GetInstances.json")};
  auto r = read(instance_list(), sc);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().operation, "ec2:DescribeInstances");
}

TEST(ResourceLists, ElastiCacheRowsSitAfterRdsWithNodesForStorage) {
  testing::ScriptedCaller sc;
  sc.bodies["rds:DescribeDBInstances"] = {captured("rds_DescribeDBInstances.xml")};
  sc.bodies["elasticache:DescribeCacheClusters"] = {captured("elasticache_DescribeCacheClusters.xml")};
  auto r = read(database_list(), sc);
  ASSERT_TRUE(r) << r.error().describe();
  PaneRows pane = pane_rows(database_list(), *r, SysTime{});
  bool seen_cache = false;
  for (std::size_t i = 0; i < r->resources.size(); ++i) {
    const auto& res = r->resources[i];
    if (res.kind == ResourceType::CacheCluster) {
      seen_cache = true;
      EXPECT_EQ(pane.keys[i], "elasticache:" + res.id);
      EXPECT_TRUE(res.fields["storage_gb"].is_null());
      EXPECT_EQ(res.fields["source"], "elasticache");
      EXPECT_NE(pane.rows[i][4].text.find("node"), std::string::npos) << pane.rows[i][4].text;
    } else {
      EXPECT_FALSE(seen_cache) << "RDS rows come first";
      EXPECT_EQ(pane.rows[i][4].text, std::to_string(res.fields["storage_gb"].get<int>()) + " GB");
    }
  }
  EXPECT_TRUE(seen_cache);
}

TEST(ResourceLists, AlarmSeriesAreMatchedByQueryIdAndMalformedIdsIgnored) {
  testing::ScriptedCaller sc;
  sc.bodies["cloudwatch:DescribeAlarms"] = {captured("cloudwatch_DescribeAlarms.json")};
  sc.bodies["cloudwatch:GetMetricData"] = {R"({"MetricDataResults": [
      {"Id": "m0", "Values": [1.0, 2.0], "Timestamps": [1795316800, 1795316500], "StatusCode": "Complete"},
      {"Id": "m", "Values": [9.0], "Timestamps": [1795316800], "StatusCode": "Complete"},
      {"Id": "m1x", "Values": [9.0], "Timestamps": [1795316800], "StatusCode": "Complete"},
      {"Id": "m99", "Values": [9.0], "Timestamps": [1795316800], "StatusCode": "Complete"}]})"};
  FetchOptions with_series;
  with_series.alarm_series = true;
  auto r = read(alarm_list(), sc, with_series);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->series.size(), 1u);
  EXPECT_EQ(r->series.begin()->first, "api-cpu-high");
  EXPECT_EQ(r->series.begin()->second.size(), 2u);
  PaneRows pane = pane_rows(alarm_list(), *r, SysTime{});
  EXPECT_EQ(pane.keys.front(), "api-cpu-high");  // ALARM first
  EXPECT_FALSE(pane.rows.front()[3].text.empty());  // its sparkline
  EXPECT_TRUE(pane.rows.back()[3].text.empty());

  // A headless read asks no GetMetricData.
  testing::ScriptedCaller plain;
  plain.bodies["cloudwatch:DescribeAlarms"] = {captured("cloudwatch_DescribeAlarms.json")};
  ASSERT_TRUE(read(alarm_list(), plain));
  EXPECT_EQ(calls_to(plain, "cloudwatch:GetMetricData"), 0);
}

TEST(ResourceLists, WhenBothDeliversOnceWhicheverThreadCompletesLast) {
  for (int round = 0; round < 200; ++round) {
    std::atomic<int> delivered{0};
    std::pair<int, int> got{0, 0};
    std::thread a_thread, b_thread;
    when_both<int, int>([&](std::function<void(int)> done) { a_thread = std::thread([done] { done(1); }); },
                        [&](std::function<void(int)> done) { b_thread = std::thread([done] { done(2); }); },
                        [&](int a, int b) {
                          got = {a, b};
                          ++delivered;
                        });
    a_thread.join();
    b_thread.join();
    ASSERT_EQ(delivered.load(), 1);
    ASSERT_EQ(got, std::make_pair(1, 2));
  }
}

// The `/` filter's hidden text: fields a pane does not show (IPs, DNS names, tags as
// key=value), never a flag's yes/no or a null.
TEST(ResourceLists, SearchTextHoldsUnshownFieldsAndTagsAsKeyValue) {
  aws::Ec2Instance i;
  i.id = "i-0c45";
  i.name = "clinic-api";
  i.state = "running";
  i.private_ip = "10.0.1.12";
  i.public_dns = "ec2-203-0-113-7.compute.amazonaws.com";
  i.tags = {{"Name", "clinic-api"}, {"env", "prod"}, {"team", "pay\x1b[31mments"}};
  Resource r = resource_of(i);
  std::string text = search_text(r);
  for (const char* want : {"i-0c45", "10.0.1.12", "ec2-203-0-113-7", "env=prod", "Name=clinic-api"})
    EXPECT_NE(text.find(want), std::string::npos) << want << " in " << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;  // sanitized like a cell
  EXPECT_EQ(text.find("null"), std::string::npos) << text;
  Snapshot s{{r}, {}, {}};
  auto rows = pane_rows(instance_list(), s, std::chrono::system_clock::now());
  ASSERT_EQ(rows.search.size(), 1u);
  EXPECT_EQ(rows.search[0], text);
}

TEST(ResourceLists, EveryListIsFoundByItsName) {
  for (const char* name : {"instances", "databases", "alarms", "services"}) {
    const ResourceList* l = find_resource_list(name);
    ASSERT_NE(l, nullptr) << name;
    EXPECT_EQ(l->name, name);
    EXPECT_FALSE(l->keys.empty());
    EXPECT_TRUE(l->fetch);
  }
  EXPECT_EQ(find_resource_list("buckets"), nullptr);
  testing::ScriptedCaller none;
  auto o = run_list("buckets", "json", none.async_caller());
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.err.find("unknown list 'buckets'"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace opsdeck::app
