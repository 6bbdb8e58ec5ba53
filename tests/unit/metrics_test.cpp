// Metrics without a terminal or a network: the `:metric` / `opsdeck metric` words, ranges and
// periods, aligning datapoints, the standard-metrics table, Lightsail's container log and
// metric answers (shaped as botocore's model, see tests/support/fake_aws_check.py), the
// metric chart and screen drawn as text, and the headless engine over a canned caller.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "app/console/metric_chart.hpp"
#include "app/console/screens/metric_screen.hpp"
#include "app/logs/lightsail_log_fetcher.hpp"
#include "app/metrics/metric_headless.hpp"
#include "app/metrics/metric_source.hpp"
#include "app/metrics/metric_spec.hpp"
#include "app/metrics/standard_metrics.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {
namespace {

std::string error_of(std::string_view line) {
  auto r = parse_metric_spec(line);
  EXPECT_FALSE(r) << line;
  if (r) return "";
  EXPECT_EQ(r.error().kind, aws::ErrorKind::Usage);
  return r.error().message;
}

TEST(MetricSpec, ParsesNamespaceNameDimensionsStatAndPeriodInAnyOrder) {
  auto s = parse_metric_spec("AWS/ECS CPUUtilization ClusterName=prod Maximum ServiceName=api 60");
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->namespace_, "AWS/ECS");
  EXPECT_EQ(s->metric, "CPUUtilization");
  ASSERT_EQ(s->dimensions.size(), 2u);
  EXPECT_EQ(s->dimensions[0], (std::pair<std::string, std::string>{"ClusterName", "prod"}));
  EXPECT_EQ(s->dimensions[1].second, "api");
  EXPECT_EQ(s->stat, "Maximum");
  EXPECT_EQ(s->period, 60);
  auto defaults = parse_metric_spec("AWS/SQS NumberOfMessagesSent");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->stat, "Average");
  EXPECT_EQ(defaults->period, 0);
  EXPECT_TRUE(defaults->dimensions.empty());
  auto quoted = parse_metric_spec(R"(Custom/App Latency Route="GET /a b" p99.9)");
  ASSERT_TRUE(quoted) << quoted.error().describe();
  EXPECT_EQ(quoted->dimensions[0].second, "GET /a b");
  EXPECT_EQ(quoted->stat, "p99.9");
  EXPECT_EQ(describe_metric(*s), "AWS/ECS CPUUtilization ClusterName=prod ServiceName=api");
}

TEST(MetricSpec, BadWordsSayWhatIsWrongAndWhatToType) {
  EXPECT_NE(error_of("").find("no metric"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2").find("no metric name"), std::string::npos);
  // A dimension without '=' is neither a statistic nor a period: named in the message.
  std::string m = error_of("AWS/EC2 CPUUtilization InstanceId i-0abc");
  EXPECT_NE(m.find("\"InstanceId\""), std::string::npos) << m;
  EXPECT_NE(m.find("DIM=VALUE"), std::string::npos) << m;
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization =i-1").find("no name"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization InstanceId=").find("no value"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization A=1 A=2").find("twice"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization 45").find("multiple of 60"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization Average Maximum").find("two statistics"), std::string::npos);
  EXPECT_NE(error_of("AWS/EC2 CPUUtilization p101").find("p101"), std::string::npos);
  EXPECT_NE(error_of("InstanceId=i-1 CPUUtilization").find("namespace comes first"), std::string::npos);
  EXPECT_NE(error_of(R"(A B C="unclosed)").find("quote"), std::string::npos);
  auto r = parse_metric_spec("AWS/EC2 CPUUtilization x");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().hint.find("NAMESPACE NAME"), std::string::npos) << r.error().hint;
}

TEST(MetricSpec, AtMostThirtyDimensions) {
  std::string line = "Custom/App Requests";
  for (int i = 0; i < 30; ++i) line += " D" + std::to_string(i) + "=v";
  auto thirty = parse_metric_spec(line);
  ASSERT_TRUE(thirty) << thirty.error().describe();
  EXPECT_EQ(thirty->dimensions.size(), kMaxMetricDimensions);
  std::string m = error_of(line + " D30=v");
  EXPECT_NE(m.find("at most 30"), std::string::npos) << m;
}

TEST(MetricSpec, StatisticsAndPeriodsCloudWatchTakes) {
  for (const char* ok : {"Average", "Sum", "Minimum", "Maximum", "SampleCount", "p50", "p99", "p99.9", "p100"})
    EXPECT_EQ(check_statistic(ok), "") << ok;
  for (const char* bad : {"avg", "p", "p99.", "pX", "P99", "p-1"}) EXPECT_NE(check_statistic(bad), "") << bad;
  for (int ok : {1, 5, 10, 30, 60, 300, 3600}) EXPECT_EQ(check_period(ok), "") << ok;
  for (int bad : {0, 2, 45, 90, 61}) EXPECT_NE(check_period(bad), "") << bad;
}

TEST(MetricRanges, PeriodFollowsTheRangeUnlessAskedAndNeverTooManyPoints) {
  ASSERT_EQ(metric_ranges().size(), 5u);
  EXPECT_EQ(metric_ranges()[kDefaultMetricRange].label, "3h");
  EXPECT_EQ(metric_period(3600), 60);
  EXPECT_EQ(metric_period(3 * 3600), 60);
  EXPECT_EQ(metric_period(24 * 3600), 480);
  EXPECT_EQ(metric_period(7 * 24 * 3600), 3360);
  EXPECT_EQ(metric_period(3 * 3600, 300), 300);
  EXPECT_EQ(metric_period(7 * 24 * 3600, 60), 420);  // 1,440 points at most
  EXPECT_EQ(range_words(3 * 3600), "3 hours");
  EXPECT_EQ(range_words(3600), "1 hour");
  EXPECT_EQ(range_words(7 * 86400), "7 days");
}

TEST(MetricPointsTest, AlignedToThePeriodWithGapsAndSummarised) {
  MetricPoints p;
  p.timestamps = {1000, 1120, 1060};  // any order; 1180 missing
  p.values = {5, 9, 7};
  auto aligned = align_points(p, 1000, 1240, 60);
  ASSERT_EQ(aligned.size(), 4u);
  EXPECT_EQ(aligned[0], 5);
  EXPECT_EQ(aligned[1], 7);
  EXPECT_EQ(aligned[2], 9);
  EXPECT_TRUE(std::isnan(aligned[3]));
  auto s = summarize(p);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->count, 3u);
  EXPECT_EQ(s->min, 5);
  EXPECT_EQ(s->max, 9);
  EXPECT_EQ(s->last, 9);  // the newest timestamp's value, not the last in the list
  EXPECT_FALSE(summarize(MetricPoints{}));
  EXPECT_EQ(format_metric_value(3.5 * 1024 * 1024 * 1024, "Bytes"), "3.5 GiB");
  EXPECT_EQ(format_metric_value(42), "42");
  EXPECT_EQ(format_metric_value(0.1834), "0.183");
}

TEST(StandardMetrics, OneTableEveryKindOnceWithDimensionsFromTheRow) {
  std::set<ResourceType> seen;
  for (const auto& s : standard_metric_sets()) {
    EXPECT_TRUE(seen.insert(s.type).second) << "a kind is in the table twice";
    EXPECT_FALSE(s.metrics.empty());
  }
  auto ec2 = resource_metrics(ResourceType::Ec2Instance, "i-0abc", nullptr);
  ASSERT_TRUE(ec2);
  std::vector<std::string> names;
  for (const auto& m : *ec2) names.push_back(m.spec.metric);
  EXPECT_EQ(names, (std::vector<std::string>{"CPUUtilization", "NetworkIn", "NetworkOut", "StatusCheckFailed"}));
  EXPECT_EQ((*ec2)[0].spec.dimensions[0], (std::pair<std::string, std::string>{"InstanceId", "i-0abc"}));
  EXPECT_EQ((*ec2)[0].unit, "Percent");

  nlohmann::json svc = {{"clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/clickit-prod"},
                        {"serviceName", "api"}};
  auto ecs = resource_metrics(ResourceType::EcsService, "clickit-prod/api", &svc);
  ASSERT_TRUE(ecs);
  EXPECT_EQ((*ecs)[1].spec.namespace_, "AWS/ECS");
  EXPECT_EQ((*ecs)[1].spec.metric, "MemoryUtilization");
  EXPECT_EQ((*ecs)[1].spec.dimensions,
            (std::vector<std::pair<std::string, std::string>>{{"ClusterName", "clickit-prod"}, {"ServiceName", "api"}}));

  nlohmann::json q = {{"QueueUrl", "http://127.0.0.1:5000/123456789012/style-finder-jobs"}};
  auto sqs = resource_metrics(ResourceType::SqsQueue, "http://127.0.0.1:5000/123456789012/style-finder-jobs", &q);
  ASSERT_TRUE(sqs);
  EXPECT_EQ((*sqs)[0].spec.dimensions[0].second, "style-finder-jobs");
  EXPECT_EQ((*sqs)[2].spec.metric, "NumberOfMessagesReceived");

  auto rds = resource_metrics(ResourceType::DbInstance, "clinic-db", nullptr);
  ASSERT_TRUE(rds);
  EXPECT_EQ(rds->size(), 6u);
  EXPECT_EQ(standard_unit("AWS/RDS", "FreeStorageSpace"), "Bytes");
  EXPECT_EQ(standard_unit("Custom/App", "FreeStorageSpace"), "");

  nlohmann::json ls = {{"containerServiceName", "shop-api"}};
  auto lightsail = resource_metrics(ResourceType::LightsailService, "shop-api", &ls);
  ASSERT_TRUE(lightsail);
  EXPECT_EQ((*lightsail)[0].origin, MetricOrigin::LightsailContainer);
  EXPECT_EQ((*lightsail)[0].spec.dimensions[0].second, "shop-api");

  // A load balancer target: its group and the group's load balancer, as CloudWatch names them.
  nlohmann::json target = {
      {"TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/73e2"},
      {"LoadBalancerArns", {"arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc"}}};
  auto alb = resource_metrics(ResourceType::Target, "api-tg/10.0.1.5:8080", &target);
  ASSERT_TRUE(alb);
  EXPECT_EQ((*alb)[1].spec.namespace_, "AWS/ApplicationELB");
  EXPECT_EQ((*alb)[1].spec.metric, "HTTPCode_Target_5XX_Count");
  EXPECT_EQ((*alb)[1].spec.stat, "Sum");
  EXPECT_EQ((*alb)[1].spec.dimensions, (std::vector<std::pair<std::string, std::string>>{
                                           {"TargetGroup", "targetgroup/api-tg/73e2"}, {"LoadBalancer", "app/web/50dc"}}));
  target.erase("LoadBalancerArns");  // the group's load balancers could not be read
  auto unattached = resource_metrics(ResourceType::Target, "api-tg/10.0.1.5:8080", &target);
  ASSERT_FALSE(unattached);
  EXPECT_NE(unattached.error().message.find("not attached to a load balancer"), std::string::npos);
  EXPECT_FALSE(resource_metrics(ResourceType::Target, "x", nullptr));

  auto none = resource_metrics(ResourceType::Parameter, "/x", nullptr);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().hint.find(":metric"), std::string::npos) << none.error().hint;
  EXPECT_FALSE(resource_metrics(ResourceType::EcsService, "no-slash", nullptr));
}

TEST(LightsailContainerApi, RequestsAndAnswersFollowTheModel) {
  auto log = aws::get_container_log_request("shop-api", "app", 1000.5, 0, "ERROR", "tok");
  EXPECT_EQ(log.operation, "GetContainerLog");
  EXPECT_EQ(log.input["serviceName"], "shop-api");
  EXPECT_EQ(log.input["containerName"], "app");
  EXPECT_EQ(log.input["startTime"], 1000.5);
  EXPECT_FALSE(log.input.contains("endTime"));
  EXPECT_EQ(log.input["filterPattern"], "ERROR");
  EXPECT_EQ(log.input["pageToken"], "tok");
  std::string token;
  auto events = aws::parse_get_container_log(
      R"({"logEvents":[{"createdAt":1767225600.25,"message":"a"},{"createdAt":1767225601,"message":"b"}],
          "nextPageToken":"200"})",
      &token);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].created, 1767225600.25);
  EXPECT_EQ((*events)[1].message, "b");
  EXPECT_EQ(token, "200");
  EXPECT_FALSE(aws::parse_get_container_log("not json", &token));

  auto metric = aws::get_container_service_metric_data_request("shop-api", "CPUUtilization", 10, 20, 300, "Maximum");
  EXPECT_EQ(metric.operation, "GetContainerServiceMetricData");
  EXPECT_EQ(metric.input["statistics"], nlohmann::json::array({"Maximum"}));
  EXPECT_EQ(metric.input["period"], 300);
  auto points = aws::parse_get_container_service_metric_data(
      R"({"metricName":"CPUUtilization","metricData":[
           {"timestamp":1767225900,"maximum":40.5,"unit":"Percent"},
           {"timestamp":1767225600,"maximum":12,"unit":"Percent"},
           {"timestamp":1767226200,"average":3,"unit":"Percent"}]})",
      "Maximum");
  ASSERT_TRUE(points);
  ASSERT_EQ(points->size(), 2u);  // the point without the statistic asked for is left out
  EXPECT_EQ((*points)[0].value, 12);  // oldest first
  EXPECT_EQ((*points)[1].value, 40.5);
  EXPECT_EQ((*points)[1].unit, "Percent");

  nlohmann::json svc = {{"currentDeployment", {{"containers", {{"app", {}}, {"worker", {}}}}}}};
  EXPECT_EQ(aws::current_containers(svc), (std::vector<std::string>{"app", "worker"}));
  EXPECT_TRUE(aws::current_containers(nlohmann::json::object()).empty());
}

TEST(LightsailLogFetcherTest, PagesBecomeEventsWithIdsThatKeepRepeatedLines) {
  FilterRequest r;
  r.group = "shop-api/worker";
  r.start_ms = 1767225600000;
  r.end_ms = 1767225660000;
  r.next_token = "200";
  auto req = get_container_log_page_request(r);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->input["containerName"], "worker");
  EXPECT_EQ(req->input["endTime"], 1767225660.0);
  EXPECT_EQ(req->input["pageToken"], "200");
  EXPECT_EQ(req->max_attempts, 1);
  r.group = "no-container";
  EXPECT_FALSE(get_container_log_page_request(r));

  auto page = parse_container_log_page(
      R"({"logEvents":[{"createdAt":1767225600,"message":"GET /healthz 200"},
                       {"createdAt":1767225600,"message":"GET /healthz 200"},
                       {"createdAt":1767225601.5,"message":"done"}]})",
      "shop-api/worker");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->events.size(), 3u);
  EXPECT_EQ(page->events[0].group, "shop-api");
  EXPECT_EQ(page->events[0].stream, "worker");
  EXPECT_EQ(page->events[2].timestamp_ms, 1767225601500);
  EXPECT_NE(page->events[0].event_id, page->events[1].event_id);  // both lines are kept
  EXPECT_TRUE(page->next_token.empty());
}

std::string draw(ConsoleScreen& s, int w = 100, int h = 24) {
  ui::CellGrid g(w, h);
  s.render(g, g.bounds(), true);
  return g.to_text();
}

TEST(MetricChartTest, SaysLoadingThenDrawsOrSaysWhyNot) {
  std::vector<MetricWindow> asked;
  std::function<void(aws::Result<MetricPoints>)> answer;
  MetricFetch fetch = [&](const MetricWindow& w, std::function<void(aws::Result<MetricPoints>)> done) {
    asked.push_back(w);
    answer = std::move(done);
  };
  std::vector<std::function<void()>> posted;
  MetricChart::Post post = [&](std::function<void()> t) { posted.push_back(std::move(t)); };
  MetricChart chart("CPUUtilization (Average)", "Percent", fetch);
  chart.load(3 * 3600, 100000, post);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].start, 100000 - 3 * 3600);
  EXPECT_EQ(asked[0].period, 60);
  ui::CellGrid g(80, 8);
  chart.render(g, g.bounds(), true, false);
  EXPECT_NE(g.to_text().find("loading ..."), std::string::npos) << g.to_text();

  MetricPoints p;
  for (int i = 0; i < 60; ++i) {
    p.timestamps.push_back(100000 - 3 * 3600 + i * 60);
    p.values.push_back(i < 30 ? 10 : 90);
  }
  answer(p);
  EXPECT_FALSE(chart.loaded());  // not until the UI thread runs the posted task
  ASSERT_EQ(posted.size(), 1u);
  posted[0]();
  ASSERT_TRUE(chart.loaded());
  EXPECT_EQ(chart.figures(), "min 10  max 90  last 90 Percent");
  ui::CellGrid g2(80, 8);
  chart.render(g2, g2.bounds(), true, false);
  EXPECT_NE(g2.to_text().find('*'), std::string::npos) << g2.to_text();

  // A newer load wins over an older answer that arrives late.
  chart.load(3600, 100000, post);
  auto old_answer = answer;
  chart.load(3600, 100060, post);
  old_answer(MetricPoints{});
  posted.back()();
  EXPECT_FALSE(chart.loaded());
  answer(MetricPoints{});
  posted.back()();
  ASSERT_TRUE(chart.loaded());
  ui::CellGrid g3(80, 8);
  chart.render(g3, g3.bounds(), true, false);
  EXPECT_NE(g3.to_text().find("no data points in the last 1 hour"), std::string::npos) << g3.to_text();

  aws::Error e = aws::make_error(aws::ErrorKind::Aws, "User is not authorized");
  e.code = "AccessDenied";
  chart.load(3600, 100000, post);
  answer(e);
  posted.back()();
  ui::CellGrid g4(100, 8);
  chart.render(g4, g4.bounds(), true, false);
  EXPECT_NE(g4.to_text().find("AccessDenied"), std::string::npos) << g4.to_text();
}

TEST(MetricScreenTest, RangeKeysReloadEveryGraphAndEnterOpensOne) {
  std::vector<MetricWindow> asked;
  MetricFetch fetch = [&](const MetricWindow& w, std::function<void(aws::Result<MetricPoints>)> done) {
    asked.push_back(w);
    MetricPoints p;
    p.timestamps = {w.end - 120, w.end - 60};
    p.values = {1, 2};
    done(p);
  };
  MetricChart::Post now_post = [](std::function<void()> t) { t(); };
  std::vector<MetricScreenItem> items{{MetricChart("CPUUtilization (Average)", "Percent", fetch), {{"MetricName", "CPU"}}},
                                      {MetricChart("NetworkIn (Sum)", "Bytes", fetch), {{"MetricName", "NetworkIn"}}}};
  MetricScreen s("Metrics web-1", items, now_post, [] { return 1000000.0; });
  std::vector<std::shared_ptr<ConsoleScreen>> pushed;
  s.push = [&](std::shared_ptr<ConsoleScreen> p) { pushed.push_back(std::move(p)); };
  s.start();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0].end - asked[0].start, 3 * 3600);
  std::string text = draw(s);
  EXPECT_NE(text.find("Metrics web-1  last 3h"), std::string::npos) << text;
  EXPECT_NE(text.find("CPUUtilization (Average)"), std::string::npos) << text;
  EXPECT_NE(text.find("NetworkIn (Sum)"), std::string::npos) << text;
  EXPECT_NE(text.find("last 2 Percent"), std::string::npos) << text;
  // The time axis: 1,000,000 s after the epoch is 13:46 UTC; three hours earlier 10:46.
  EXPECT_NE(text.find("10:46"), std::string::npos) << text;
  EXPECT_NE(text.find("13:46 UTC"), std::string::npos) << text;

  EXPECT_EQ(s.on_key(ui::KeyEvent::character('5')), ui::Outcome::Redraw);
  ASSERT_EQ(asked.size(), 4u);
  EXPECT_EQ(asked[3].end - asked[3].start, 7 * 24 * 3600);
  EXPECT_NE(draw(s).find("last 7d"), std::string::npos);
  s.on_key(ui::KeyEvent::character('-'));
  EXPECT_EQ(metric_ranges()[s.range_index()].label, "24h");
  s.on_key(ui::KeyEvent::character('j'));
  EXPECT_EQ(s.selected(), 1u);
  ASSERT_NE(s.selected_document(), nullptr);
  EXPECT_EQ((*s.selected_document())["MetricName"], "NetworkIn");
  EXPECT_EQ(s.open_selected(), ui::Outcome::Redraw);
  ASSERT_EQ(pushed.size(), 1u);
  EXPECT_NE(draw(*pushed[0]).find("NetworkIn (Sum)"), std::string::npos);
  EXPECT_EQ(s.on_key(ui::KeyEvent::character('x')), ui::Outcome::Ignored);
}

// A canned CloudWatch: one GetMetricData answer, the request kept.
struct CannedCloudWatch {
  std::string body;
  std::vector<aws::AwsRequest> seen;
  aws::SyncCaller caller() {
    return [this](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
      seen.push_back(r);
      return aws::HttpResponse{200, {}, body};
    };
  }
};

struct Captured {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  ~Captured() {
    std::fclose(out);
    std::fclose(err);
  }
  static std::string read(std::FILE* f) {
    std::fflush(f);
    std::rewind(f);
    std::string s;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
    return s;
  }
};

TEST(MetricHeadless, PrintsDatapointsOldestFirstAsTextOrJson) {
  CannedCloudWatch cw;
  cw.body = R"({"MetricDataResults":[{"Id":"m0","Label":"CPUUtilization","StatusCode":"Complete",
                "Timestamps":[1767225660,1767225600],"Values":[20.5,10]}]})";
  MetricCommandOptions o;
  o.words = {"AWS/EC2", "CPUUtilization", "InstanceId=i-0abc"};
  o.stat = "Maximum";
  const std::int64_t now = 1767229200000;  // 2026-01-01T01:00:00Z
  {
    Captured c;
    EXPECT_EQ(run_metric(o, cw.caller(), now, c.out, c.err), 0);
    EXPECT_EQ(Captured::read(c.out), "2026-01-01T00:00:00Z  10\n2026-01-01T00:01:00Z  20.5\n");
    ASSERT_EQ(cw.seen.size(), 1u);
    const auto& q = cw.seen[0].input["MetricDataQueries"][0]["MetricStat"];
    EXPECT_EQ(q["Stat"], "Maximum");
    EXPECT_EQ(q["Period"], 60);
    EXPECT_EQ(q["Metric"]["Dimensions"][0]["Value"], "i-0abc");
    EXPECT_EQ(cw.seen[0].input["EndTime"].get<double>() - cw.seen[0].input["StartTime"].get<double>(), 3 * 3600);
  }
  {
    o.output = "json";
    o.since = "1h";
    o.period = 300;
    Captured c;
    EXPECT_EQ(run_metric(o, cw.caller(), now, c.out, c.err), 0);
    auto doc = nlohmann::json::parse(Captured::read(c.out));
    EXPECT_EQ(doc["unit"], "Percent");
    EXPECT_EQ(doc["period"], 300);
    EXPECT_EQ(doc["dimensions"]["InstanceId"], "i-0abc");
    ASSERT_EQ(doc["datapoints"].size(), 2u);
    EXPECT_EQ(doc["datapoints"][1]["value"], 20.5);
    EXPECT_EQ(doc["start"], "2026-01-01T00:00:00Z");
  }
}

TEST(MetricHeadless, BadWordsAndFlagsAreUsageErrorsAndNoDataIsSaid) {
  CannedCloudWatch cw;
  cw.body = R"({"MetricDataResults":[{"Id":"m0","Label":"x","StatusCode":"Complete","Timestamps":[],"Values":[]}]})";
  const std::int64_t now = 1767229200000;
  auto run = [&](MetricCommandOptions o, std::string* err_text) {
    Captured c;
    int code = run_metric(o, cw.caller(), now, c.out, c.err);
    *err_text = Captured::read(c.err);
    EXPECT_EQ(Captured::read(c.out), "");
    return code;
  };
  std::string err;
  EXPECT_EQ(run({{"AWS/EC2", "CPUUtilization", "InstanceId"}, "3h", "", 0, "text"}, &err), 2);
  EXPECT_NE(err.find("opsdeck: \"InstanceId\" is neither DIM=VALUE"), std::string::npos) << err;
  EXPECT_EQ(run({{"AWS/EC2", "CPUUtilization"}, "3h", "mean", 0, "text"}, &err), 2);
  EXPECT_NE(err.find("--stat"), std::string::npos) << err;
  EXPECT_EQ(run({{"AWS/EC2", "CPUUtilization"}, "3h", "", 45, "text"}, &err), 2);
  EXPECT_NE(err.find("--period"), std::string::npos) << err;
  EXPECT_EQ(run({{"AWS/EC2", "CPUUtilization"}, "yesterday", "", 0, "text"}, &err), 2);
  EXPECT_NE(err.find("--since"), std::string::npos) << err;
  EXPECT_TRUE(cw.seen.empty());  // nothing was sent for a usage error
  EXPECT_EQ(run({{"AWS/EC2", "CPUUtilization", "InstanceId=i-gone"}, "3h", "", 0, "text"}, &err), 0);
  EXPECT_NE(err.find("warning: no datapoints for AWS/EC2 CPUUtilization InstanceId=i-gone"), std::string::npos)
      << err;
}

}  // namespace
}  // namespace opsdeck::app

namespace opsdeck::app {
namespace {

TEST(MetricChartTest, TheGraphsValueLabelsReadInTheUnit) {
  const double gib = 1024.0 * 1024 * 1024;
  MetricChart bytes("FreeStorageSpace (Minimum)", "Bytes", nullptr);
  bytes.set_values({2 * gib, 3.5 * gib, 3 * gib});
  ui::CellGrid g(60, 6);
  bytes.render_graph(g, g.bounds(), true);
  EXPECT_NE(g.to_text().find("3.5 GiB"), std::string::npos) << g.to_text();
  EXPECT_NE(g.to_text().find("2.0 GiB"), std::string::npos) << g.to_text();
  MetricChart seconds("ReadLatency (Average)", "Seconds", nullptr);
  seconds.set_values({0.0012, 0.0087});
  ui::CellGrid s(60, 6);
  seconds.render_graph(s, s.bounds(), true);
  EXPECT_NE(s.to_text().find("0.0087"), std::string::npos) << s.to_text();  // not "0.0"
}

// A periodic reload keeps the graph drawn until the new points arrive, and says it is busy
// meanwhile (keep_fresh does not start another).
TEST(MetricChartTest, AReloadKeepingTheGraphShownIsBusyUntilItAnswers) {
  std::function<void(aws::Result<MetricPoints>)> answer;
  MetricFetch fetch = [&](const MetricWindow&, std::function<void(aws::Result<MetricPoints>)> done) {
    answer = std::move(done);
  };
  MetricChart::Post now = [](std::function<void()> t) { t(); };
  MetricScreen screen("cpu", {MetricScreenItem{MetricChart("CPUUtilization (Average)", "Percent", fetch), {}}}, now,
                      [] { return 100000.0; });
  screen.start();
  EXPECT_TRUE(screen.busy());
  MetricPoints p;
  p.timestamps = {100000 - 120, 100000 - 60};
  p.values = {10, 20};
  answer(p);
  EXPECT_FALSE(screen.busy());
  ASSERT_TRUE(screen.items()[0].chart.loaded());
  screen.refresh();
  EXPECT_TRUE(screen.busy());
  EXPECT_TRUE(screen.items()[0].chart.loaded());  // still drawn, no "loading ..."
  ui::CellGrid g(80, 10);
  screen.render(g, g.bounds(), true);
  EXPECT_EQ(g.to_text().find("loading ..."), std::string::npos) << g.to_text();
  p.values = {10, 55};
  answer(p);
  EXPECT_FALSE(screen.busy());
  EXPECT_NE(screen.items()[0].chart.figures().find("last 55"), std::string::npos) << screen.items()[0].chart.figures();
  // An explicit reload (r, a new range) says loading again.
  screen.start();
  EXPECT_FALSE(screen.items()[0].chart.loaded());
}

}  // namespace
}  // namespace opsdeck::app
