// The alarm detail screen drawn from fixed data (no request is sent: start() is never
// called): facts with the threshold and dimensions, the metric graph with its threshold
// line, the newest state change first, a part that failed says why, and hostile text from
// AWS is never drawn raw.
#include "app/console/screens/alarm_detail_screen.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "aws/credential_env.hpp"
#include "aws/iso8601.hpp"

using namespace opsdeck;

namespace {

aws::ClientOptions loopback_options() {
  aws::ClientOptions o;
  o.region = "us-east-1";
  o.endpoint_url = "http://127.0.0.1:9";  // never called: start() is not run
  return o;
}

struct Fixture {
  ui::EventLoop loop;
  aws::AwsClient client{loopback_options(), std::make_shared<aws::EnvCredentialsProvider>()};
};

aws::Alarm cpu_alarm() {
  aws::Alarm a;
  a.name = "clinic-api-cpu-high";
  a.type = "MetricAlarm";
  a.state = "ALARM";
  a.reason = "Threshold Crossed: 3 datapoints were greater than the threshold (80.0)";
  a.namespace_ = "AWS/EC2";
  a.metric = "CPUUtilization";
  a.statistic = "Average";
  a.period = 300;
  a.evaluation_periods = 3;
  a.threshold = 80;
  a.has_threshold = true;
  a.comparison = "GreaterThanThreshold";
  a.updated = "2026-11-22T02:30:00Z";
  a.raw = {{"AlarmName", a.name}, {"Dimensions", {{{"Name", "InstanceId"}, {"Value", "i-0abc"}}}}};
  return a;
}

std::string draw(app::AlarmDetailScreen& s, int w = 100, int h = 30, bool ascii = true) {
  ui::CellGrid g(w, h);
  s.render(g, g.bounds(), ascii);
  return g.to_text();
}

}  // namespace

TEST(AlarmDetailScreen, ShowsFactsGraphWithThresholdAndNewestHistoryFirst) {
  Fixture f;
  app::AlarmDetailScreen s("clinic-api-cpu-high", f.client, f.loop);
  s.set_now(*aws::parse_iso8601("2026-11-22T03:15:00Z"));
  EXPECT_NE(draw(s).find("loading ..."), std::string::npos);
  s.set_alarm(cpu_alarm());
  std::vector<double> values;
  for (int i = 0; i < 36; ++i) values.push_back(i < 27 ? 40 : 95);
  s.set_series(values);
  std::vector<aws::AlarmHistoryItem> h(2);
  h[0].timestamp = "2026-11-22T01:00:00.000Z";
  h[0].type = "StateUpdate";
  h[0].summary = "Alarm updated from ALARM to OK";
  h[1].timestamp = "2026-11-22T02:30:00.000Z";
  h[1].type = "StateUpdate";
  h[1].summary = "Alarm updated from OK to ALARM";
  s.set_history(h);
  std::string text = draw(s);
  EXPECT_NE(text.find("ALARM  for 45m"), std::string::npos) << text;
  EXPECT_NE(text.find("> 80"), std::string::npos) << text;
  EXPECT_NE(text.find("InstanceId=i-0abc"), std::string::npos) << text;
  EXPECT_NE(text.find("AWS/EC2 CPUUtilization  Average over 300 s"), std::string::npos) << text;
  EXPECT_LT(text.find("from OK to ALARM"), text.find("from ALARM to OK")) << text;
  EXPECT_NE(text.find('*'), std::string::npos) << "ASCII graph marks expected:\n" << text;
  ASSERT_NE(s.selected_document(), nullptr);
  EXPECT_EQ((*s.selected_document())["AlarmName"], "clinic-api-cpu-high");
}

TEST(AlarmDetailScreen, AFailedPartSaysWhyAndHostileTextIsNeutralised) {
  Fixture f;
  app::AlarmDetailScreen s("x", f.client, f.loop);
  aws::Alarm a = cpu_alarm();
  a.reason = "boom\x1b]0;pwned\x07 done";
  s.set_alarm(a);
  s.set_series({});
  s.set_error("history", "opsdeck: DescribeAlarmHistory: InvalidAction: not implemented");
  std::string text = draw(s);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_NE(text.find("no data points in the last 3 hours"), std::string::npos) << text;
  EXPECT_NE(text.find("DescribeAlarmHistory: InvalidAction"), std::string::npos) << text;
}

// A failed load shows the error's summary and hint, without the CLI's prefix and without
// the error text's line ending turned into a visible "␊".
TEST(AlarmDetailScreen, AFailedLoadShowsSummaryAndHintWithoutPrefixOrLineFeedPicture) {
  Fixture f;
  app::AlarmDetailScreen s("x", f.client, f.loop);
  s.set_alarm(cpu_alarm());
  s.set_series({});
  aws::Error e = aws::make_error(aws::ErrorKind::Aws, "not implemented\n", "try again later");
  e.code = "InvalidAction";
  s.set_error("history", app::from_error(e));
  std::string text = draw(s);
  EXPECT_NE(text.find("InvalidAction: not implemented — try again later"), std::string::npos) << text;
  EXPECT_EQ(text.find("␊"), std::string::npos) << text;
  EXPECT_EQ(text.find("opsdeck: "), std::string::npos) << text;
}
