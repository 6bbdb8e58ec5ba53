#include "app/metrics/metric_headless.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/exit_codes.hpp"
#include "app/logs/time_spec.hpp"
#include "app/message_printer.hpp"
#include "app/metrics/metric_source.hpp"
#include "app/metrics/metric_spec.hpp"
#include "app/metrics/standard_metrics.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

int run_metric(const MetricCommandOptions& o, const aws::SyncCaller& call, std::int64_t now_ms, std::FILE* out,
               std::FILE* err) {
  auto spec = parse_metric_spec(o.words);
  if (!spec) {
    print_message(from_error(spec.error()), err);
    return kExitUsage;
  }
  if (!o.stat.empty()) {
    if (std::string problem = check_statistic(o.stat); !problem.empty()) {
      print_message(UserMessage::error("--stat: " + problem), err);
      return kExitUsage;
    }
    spec->stat = o.stat;
  }
  if (o.period != 0) {
    if (std::string problem = check_period(o.period); !problem.empty()) {
      print_message(UserMessage::error("--period: " + problem), err);
      return kExitUsage;
    }
    spec->period = o.period;
  }
  auto start_ms = parse_time_point(o.since, now_ms);
  if (!start_ms) {
    print_message(from_error(start_ms.error()).about("--since"), err);
    return kExitUsage;
  }
  if (*start_ms >= now_ms) {
    print_message(UserMessage::error("--since must be in the past", "e.g. --since 3h"), err);
    return kExitUsage;
  }
  double end = static_cast<double>(now_ms) / 1000.0, start = static_cast<double>(*start_ms) / 1000.0;
  int period = metric_period(static_cast<int>(end - start), spec->period);
  auto series = aws::get_metric_data(call, {metric_query(*spec, period)}, start, end);
  if (!series) {
    print_message(from_error(series.error()), err);
    return exit_code_for(series.error());
  }
  MetricPoints points = points_of(*series);
  std::string unit = standard_unit(spec->namespace_, spec->metric);
  if (o.output == "json") {
    nlohmann::ordered_json doc;
    doc["namespace"] = spec->namespace_;
    doc["metric"] = spec->metric;
    nlohmann::ordered_json dims = nlohmann::ordered_json::object();
    for (const auto& [n, v] : spec->dimensions) dims[n] = v;
    doc["dimensions"] = dims;
    doc["stat"] = spec->stat;
    doc["period"] = period;
    doc["unit"] = unit.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(unit);
    doc["start"] = aws::iso8601_utc(start);
    doc["end"] = aws::iso8601_utc(end);
    nlohmann::ordered_json dps = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < points.values.size(); ++i)
      dps.push_back({{"timestamp", aws::iso8601_utc(points.timestamps[i])}, {"value", points.values[i]}});
    doc["datapoints"] = dps;
    std::fputs((doc.dump(2) + "\n").c_str(), out);
  } else {
    std::string text;
    for (std::size_t i = 0; i < points.values.size(); ++i)
      text += fmt::format("{}  {}\n", aws::iso8601_utc(points.timestamps[i]), points.values[i]);
    std::fputs(text.c_str(), out);
  }
  std::fflush(out);
  if (points.values.empty())
    print_message(UserMessage::warning(
                      fmt::format("no datapoints for {} ({}, {} s) since {}", describe_metric(*spec), spec->stat,
                                  period, aws::iso8601_utc(start)),
                      "namespace, name and every dimension must match exactly (aws cloudwatch list-metrics "
                      "shows what exists); try a longer --since"),
                  err);
  return kExitOk;
}

}  // namespace opsdeck::app
