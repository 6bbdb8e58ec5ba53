#pragma once
// CloudWatch (awsJson1_0): DescribeAlarms (metric and composite), GetMetricData and
// DescribeAlarmHistory. Builders and parsers are pure; sync calls block the calling
// thread; async calls complete on the AsyncCaller's thread (AwsClient: its IO thread).

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct Alarm {
  std::string name;
  std::string type;          // MetricAlarm | CompositeAlarm
  std::string state;         // OK | ALARM | INSUFFICIENT_DATA
  std::string reason;
  std::string metric;        // MetricName; for math alarms the first metric's name
  std::string namespace_;
  std::string statistic;
  double threshold = 0;
  bool has_threshold = false;  // composite alarms have none
  std::string comparison;    // GreaterThanThreshold ...
  std::string updated;       // StateUpdatedTimestamp, ISO-8601 UTC
  std::string rule;          // AlarmRule for composite alarms
  int period = 0;
  int evaluation_periods = 0;
  std::string arn;
  nlohmann::json raw;
};

struct DescribeAlarmsInput {
  std::vector<std::string> names;
  std::string name_prefix;
  std::string state;  // "" = any
  bool include_composite = true;
};

AwsRequest describe_alarms_request(const DescribeAlarmsInput& in);
Result<std::vector<Alarm>> parse_describe_alarms(std::string_view body, std::string* next_token);
Result<std::vector<Alarm>> describe_alarms(const SyncCaller& call, const DescribeAlarmsInput& in = {});
void describe_alarms_async(AsyncCaller call, const DescribeAlarmsInput& in,
                           std::function<void(Result<std::vector<Alarm>>)> done);

// GetMetricData for plain metric queries (one series per query).
struct MetricQuery {
  std::string id;           // lower-case first letter ("m1")
  std::string namespace_;
  std::string metric;
  std::vector<std::pair<std::string, std::string>> dimensions;
  int period = 300;
  std::string stat = "Average";
  std::string expression;   // when set, used instead of the metric
};
struct MetricSeries {
  std::string id;
  std::string label;
  std::string status;                   // Complete | PartialData | ...
  std::vector<double> timestamps;       // epoch seconds, as returned (newest first by default)
  std::vector<double> values;
};
AwsRequest get_metric_data_request(const std::vector<MetricQuery>& queries, double start_epoch,
                                   double end_epoch, bool ascending = true);
// One page; series with the same id from later pages are appended by the paginated call.
Result<std::vector<MetricSeries>> parse_get_metric_data(std::string_view body, std::string* next_token);
Result<std::vector<MetricSeries>> get_metric_data(const SyncCaller& call,
                                                  const std::vector<MetricQuery>& queries,
                                                  double start_epoch, double end_epoch);

struct AlarmHistoryItem {
  std::string alarm;
  std::string type;       // ConfigurationUpdate | StateUpdate | Action | ...
  std::string timestamp;  // ISO-8601 UTC
  std::string summary;
  nlohmann::json data;    // HistoryData parsed from its JSON string (or the string itself)
};
AwsRequest describe_alarm_history_request(const std::string& alarm_name, int max_records = 100);
Result<std::vector<AlarmHistoryItem>> parse_describe_alarm_history(std::string_view body,
                                                                   std::string* next_token);
Result<std::vector<AlarmHistoryItem>> describe_alarm_history(const SyncCaller& call,
                                                             const std::string& alarm_name);

}  // namespace opsdeck::aws
