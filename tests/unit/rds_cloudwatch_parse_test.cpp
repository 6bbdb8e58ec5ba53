#include <gtest/gtest.h>

#include <algorithm>

#include "aws/cloudwatch.hpp"
#include "aws/rds.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::aws {
namespace {

using testing::captured;

TEST(RdsParse, DescribeDBInstancesFromMoto) {
  std::string marker = "x";
  auto dbs = parse_describe_db_instances(captured("rds_DescribeDBInstances.xml"), &marker);
  ASSERT_TRUE(dbs.ok()) << dbs.error().describe();
  ASSERT_EQ(dbs->size(), 2u);
  EXPECT_TRUE(marker.empty());
  auto it = std::find_if(dbs->begin(), dbs->end(), [](auto& d) { return d.id == "orders-db"; });
  ASSERT_NE(it, dbs->end());
  EXPECT_EQ(it->engine, "postgres");
  EXPECT_EQ(it->engine_version, "15.4");
  EXPECT_EQ(it->instance_class, "db.t3.micro");
  EXPECT_EQ(it->status, "available");
  EXPECT_TRUE(it->multi_az);
  EXPECT_EQ(it->storage_gb, 20);
  EXPECT_EQ(it->backup_retention_days, 7);
  EXPECT_EQ(it->port, 5432);
  EXPECT_EQ(it->endpoint, it->address + ":5432");
  ASSERT_TRUE(it->raw.get()["VpcSecurityGroups"].is_array());
  EXPECT_EQ(it->raw.get()["Endpoint"]["Port"], "5432");
}

TEST(RdsParse, MarkerPagingAndFilters) {
  testing::ScriptedCaller sc;
  sc.bodies["rds:DescribeDBInstances"] = {
      "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances/><Marker>m1</Marker>"
      "</DescribeDBInstancesResult></DescribeDBInstancesResponse>",
      captured("rds_DescribeDBInstances.xml")};
  auto dbs = describe_db_instances(sc.caller());
  ASSERT_TRUE(dbs.ok());
  EXPECT_EQ(dbs->size(), 2u);
  ASSERT_EQ(sc.seen.size(), 2u);
  EXPECT_NE(std::find(sc.seen[1].params.begin(), sc.seen[1].params.end(),
                      std::pair<std::string, std::string>{"Marker", "m1"}),
            sc.seen[1].params.end());
  auto req = describe_db_instances_request("", {{"engine", {"postgres", "mysql"}}});
  EXPECT_NE(std::find(req.params.begin(), req.params.end(),
                      std::pair<std::string, std::string>{"Filters.Filter.1.Values.Value.2", "mysql"}),
            req.params.end());
}

TEST(RdsParse, SnapshotsAndErrors) {
  auto snaps = parse_describe_db_snapshots(captured("rds_DescribeDBSnapshots.xml"), nullptr);
  ASSERT_TRUE(snaps.ok());
  auto manual = std::find_if(snaps->begin(), snaps->end(), [](auto& s) { return s.type == "manual"; });
  ASSERT_NE(manual, snaps->end());
  EXPECT_EQ(manual->id, "orders-snap-1");
  EXPECT_EQ(manual->instance_id, "orders-db");
  EXPECT_EQ(std::count_if(snaps->begin(), snaps->end(), [](auto& s) { return s.type == "automated"; }),
            static_cast<long>(snaps->size()) - 1);
  auto bad = parse_describe_db_instances("<html>oops</html>", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Parse);
  EXPECT_FALSE(parse_describe_db_instances("<Foo/>", nullptr).ok());
}

TEST(CloudWatchParse, DescribeAlarmsFromMoto) {
  auto alarms = parse_describe_alarms(captured("cloudwatch_DescribeAlarms.json"), nullptr);
  ASSERT_TRUE(alarms.ok()) << alarms.error().describe();
  ASSERT_EQ(alarms->size(), 3u);
  std::map<std::string, std::string> states;
  for (const auto& a : *alarms) states[a.name] = a.state;
  EXPECT_EQ(states["api-cpu-high"], "ALARM");
  EXPECT_EQ(states["db-free-storage"], "OK");
  EXPECT_EQ(states["queue depth ✓"], "INSUFFICIENT_DATA");
  const auto& a = (*alarms)[0];
  EXPECT_EQ(a.metric, "CPUUtilization");
  EXPECT_EQ(a.namespace_, "AWS/EC2");
  EXPECT_DOUBLE_EQ(a.threshold, 85.0);
  EXPECT_TRUE(a.has_threshold);
  EXPECT_EQ(a.comparison, "GreaterThanThreshold");
  EXPECT_EQ(a.updated.size(), 20u);  // 2026-11-22T03:07:37Z
  EXPECT_EQ(a.updated.back(), 'Z');
}

TEST(CloudWatchParse, CompositeMathAndMissingFields) {
  auto alarms = parse_describe_alarms(R"J({
    "MetricAlarms":[{"AlarmName":"math","StateValue":"OK","Metrics":[
       {"Id":"e1","Expression":"m1*2"},
       {"Id":"m1","MetricStat":{"Metric":{"Namespace":"App","MetricName":"Errors"},"Period":60,"Stat":"Sum"}}]}],
    "CompositeAlarms":[{"AlarmName":"svc down","StateValue":"ALARM","AlarmRule":"ALARM(a) OR ALARM(b)",
       "StateUpdatedTimestamp":"2026-01-01T00:00:00Z"}],
    "NextToken":"n2"})J",
                                      nullptr);
  ASSERT_TRUE(alarms.ok());
  ASSERT_EQ(alarms->size(), 2u);
  EXPECT_EQ((*alarms)[0].metric, "Errors");
  EXPECT_FALSE((*alarms)[0].has_threshold);
  EXPECT_EQ((*alarms)[1].type, "CompositeAlarm");
  EXPECT_EQ((*alarms)[1].rule, "ALARM(a) OR ALARM(b)");
  EXPECT_EQ((*alarms)[1].updated, "2026-01-01T00:00:00Z");
  EXPECT_FALSE(parse_describe_alarms("[1,2]", nullptr).ok());
  EXPECT_FALSE(parse_describe_alarms("{\"MetricAlarms\":[", nullptr).ok());
}

TEST(CloudWatchParse, AlarmHistoryFromFake) {
  auto h = parse_describe_alarm_history(captured("cloudwatch_DescribeAlarmHistory.json"), nullptr);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].type, "StateUpdate");
  EXPECT_EQ((*h)[0].data["newState"]["stateValue"], "ALARM");
  EXPECT_EQ((*h)[0].timestamp, "2026-01-01T00:10:00Z");
}

TEST(CloudWatchParse, MetricDataRequestAndPages) {
  MetricQuery q;
  q.id = "cpu";
  q.namespace_ = "AWS/EC2";
  q.metric = "CPUUtilization";
  q.dimensions = {{"InstanceId", "i-1"}};
  auto req = get_metric_data_request({q}, 100, 200);
  EXPECT_EQ(req.input["MetricDataQueries"][0]["MetricStat"]["Metric"]["Dimensions"][0]["Value"], "i-1");
  testing::ScriptedCaller sc;
  sc.bodies["cloudwatch:GetMetricData"] = {
      R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[1,2],"Values":[5,6],"StatusCode":"PartialData"}],"NextToken":"p"})",
      R"({"MetricDataResults":[{"Id":"cpu","Timestamps":[3],"Values":[7],"StatusCode":"Complete"}]})"};
  auto series = get_metric_data(sc.caller(), {q}, 100, 200);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].values, (std::vector<double>{5, 6, 7}));
  EXPECT_EQ((*series)[0].status, "Complete");
  EXPECT_EQ(sc.seen[1].input["NextToken"], "p");
}

}  // namespace
}  // namespace opsdeck::aws
