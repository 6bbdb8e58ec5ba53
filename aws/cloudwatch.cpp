#include "aws/cloudwatch.hpp"

#include <algorithm>
#include <map>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

Alarm parse_metric_alarm(const json& a) {
  Alarm x;
  x.type = "MetricAlarm";
  x.name = jstr(a, "AlarmName");
  x.arn = jstr(a, "AlarmArn");
  x.state = jstr(a, "StateValue");
  x.reason = jstr(a, "StateReason");
  x.metric = jstr(a, "MetricName");
  x.namespace_ = jstr(a, "Namespace");
  x.statistic = jstr(a, "Statistic", jstr(a, "ExtendedStatistic"));
  if (x.metric.empty()) {
    // Metric math alarm: show the first metric it reads.
    for (const auto& m : jarr(a, "Metrics")) {
      if (!jfield(m, "MetricStat")) continue;
      const json& metric = jobj(jobj(m, "MetricStat"), "Metric");
      x.metric = jstr(metric, "MetricName");
      x.namespace_ = jstr(metric, "Namespace");
      break;
    }
  }
  if (auto threshold = jnum_opt(a, "Threshold")) {
    x.threshold = *threshold;
    x.has_threshold = true;
  }
  x.comparison = jstr(a, "ComparisonOperator");
  x.updated = jtime(a, "StateUpdatedTimestamp");
  x.period = static_cast<int>(jint(a, "Period"));
  x.evaluation_periods = static_cast<int>(jint(a, "EvaluationPeriods"));
  x.raw = a;
  return x;
}

Alarm parse_composite_alarm(const json& a) {
  Alarm x;
  x.type = "CompositeAlarm";
  x.name = jstr(a, "AlarmName");
  x.arn = jstr(a, "AlarmArn");
  x.state = jstr(a, "StateValue");
  x.reason = jstr(a, "StateReason");
  x.rule = jstr(a, "AlarmRule");
  x.updated = jtime(a, "StateUpdatedTimestamp");
  x.raw = a;
  return x;
}

void set_next_token(AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }

Result<std::string> alarms_page(const std::string& body, std::vector<Alarm>& out) {
  std::string token;
  auto page = parse_describe_alarms(body, &token);
  if (!page) return page.error();
  for (auto& a : *page) out.push_back(std::move(a));
  return token;
}

}  // namespace

AwsRequest describe_alarms_request(const DescribeAlarmsInput& in) {
  json input = json::object();
  if (!in.names.empty()) input["AlarmNames"] = in.names;
  if (!in.name_prefix.empty()) input["AlarmNamePrefix"] = in.name_prefix;
  if (!in.state.empty()) input["StateValue"] = in.state;
  input["AlarmTypes"] = in.include_composite ? json::array({"MetricAlarm", "CompositeAlarm"})
                                             : json::array({"MetricAlarm"});
  input["MaxRecords"] = 100;
  return json_request(services::cloudwatch, "DescribeAlarms", std::move(input));
}

Result<std::vector<Alarm>> parse_describe_alarms(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "cloudwatch:DescribeAlarms");
  if (!j) return j.error();
  std::vector<Alarm> out;
  for (const auto& a : jarr(*j, "MetricAlarms")) out.push_back(parse_metric_alarm(a));
  for (const auto& a : jarr(*j, "CompositeAlarms")) out.push_back(parse_composite_alarm(a));
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<std::vector<Alarm>> describe_alarms(const SyncCaller& call, const DescribeAlarmsInput& in) {
  return paginate_sync<std::vector<Alarm>>(call, describe_alarms_request(in), alarms_page,
                                           set_next_token);
}

void describe_alarms_async(AsyncCaller call, const DescribeAlarmsInput& in,
                           std::function<void(Result<std::vector<Alarm>>)> done) {
  paginate_async<std::vector<Alarm>>(std::move(call), describe_alarms_request(in), alarms_page,
                                     set_next_token, std::move(done));
}

AwsRequest get_metric_data_request(const std::vector<MetricQuery>& queries, double start_epoch,
                                   double end_epoch, bool ascending) {
  json qs = json::array();
  for (const auto& q : queries) {
    json item = {{"Id", q.id}, {"ReturnData", true}};
    if (!q.expression.empty()) {
      item["Expression"] = q.expression;
      item["Period"] = q.period;
    } else {
      json dims = json::array();
      for (const auto& [k, v] : q.dimensions) dims.push_back({{"Name", k}, {"Value", v}});
      item["MetricStat"] = {{"Metric", {{"Namespace", q.namespace_}, {"MetricName", q.metric},
                                        {"Dimensions", dims}}},
                            {"Period", q.period},
                            {"Stat", q.stat}};
    }
    qs.push_back(std::move(item));
  }
  json input = {{"MetricDataQueries", qs}, {"StartTime", start_epoch}, {"EndTime", end_epoch},
                {"ScanBy", ascending ? "TimestampAscending" : "TimestampDescending"}};
  return json_request(services::cloudwatch, "GetMetricData", std::move(input));
}

Result<std::vector<MetricSeries>> parse_get_metric_data(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "cloudwatch:GetMetricData");
  if (!j) return j.error();
  std::vector<MetricSeries> out;
  for (const auto& r : jarr(*j, "MetricDataResults")) {
    MetricSeries s;
    s.id = jstr(r, "Id");
    s.label = jstr(r, "Label");
    s.status = jstr(r, "StatusCode");
    for (const auto& t : jarr(r, "Timestamps"))
      if (t.is_number()) s.timestamps.push_back(t.get<double>());
    for (const auto& v : jarr(r, "Values"))
      if (v.is_number()) s.values.push_back(v.get<double>());
    out.push_back(std::move(s));
  }
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<std::vector<MetricSeries>> get_metric_data(const SyncCaller& call,
                                                  const std::vector<MetricQuery>& queries,
                                                  double start_epoch, double end_epoch) {
  return paginate_sync<std::vector<MetricSeries>>(
      call, get_metric_data_request(queries, start_epoch, end_epoch),
      [](const std::string& body, std::vector<MetricSeries>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_get_metric_data(body, &token);
        if (!page) return page.error();
        for (auto& s : *page) {
          auto it = std::find_if(out.begin(), out.end(), [&](auto& o) { return o.id == s.id; });
          if (it == out.end()) {
            out.push_back(std::move(s));
            continue;
          }
          it->timestamps.insert(it->timestamps.end(), s.timestamps.begin(), s.timestamps.end());
          it->values.insert(it->values.end(), s.values.begin(), s.values.end());
          it->status = s.status;
        }
        return token;
      },
      set_next_token);
}

AwsRequest describe_alarm_history_request(const std::string& alarm_name, int max_records) {
  json input = {{"MaxRecords", max_records}, {"ScanBy", "TimestampDescending"}};
  if (!alarm_name.empty()) input["AlarmName"] = alarm_name;
  return json_request(services::cloudwatch, "DescribeAlarmHistory", std::move(input));
}

Result<std::vector<AlarmHistoryItem>> parse_describe_alarm_history(std::string_view body,
                                                                   std::string* next_token) {
  auto j = parse_json_body(body, "cloudwatch:DescribeAlarmHistory");
  if (!j) return j.error();
  std::vector<AlarmHistoryItem> out;
  for (const auto& h : jarr(*j, "AlarmHistoryItems")) {
    AlarmHistoryItem item;
    item.alarm = jstr(h, "AlarmName");
    item.type = jstr(h, "HistoryItemType");
    item.timestamp = jtime(h, "Timestamp");
    item.summary = jstr(h, "HistorySummary");
    std::string data = jstr(h, "HistoryData");
    auto parsed = parse_json_document(data, "HistoryData");  // a JSON document in a string
    item.data = parsed ? std::move(*parsed) : json(data);
    out.push_back(std::move(item));
  }
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<std::vector<AlarmHistoryItem>> describe_alarm_history(const SyncCaller& call,
                                                             const std::string& alarm_name) {
  return paginate_sync<std::vector<AlarmHistoryItem>>(
      call, describe_alarm_history_request(alarm_name),
      [](const std::string& body, std::vector<AlarmHistoryItem>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_describe_alarm_history(body, &token);
        if (!page) return page.error();
        for (auto& h : *page) out.push_back(std::move(h));
        return token;
      },
      set_next_token);
}

}  // namespace opsdeck::aws
