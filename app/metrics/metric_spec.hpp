#pragma once
// What an operator names when asking for a CloudWatch metric, at the console's
// `:metric NAMESPACE NAME DIM=VALUE... [STAT] [PERIOD]` and in `opsdeck metric`: the words
// parsed and checked before anything is sent, with messages that say what to type instead.
// Also the time ranges a metric graph offers (1h 3h 12h 24h 7d), the period a range gets,
// and the alignment of datapoints to that period (gaps stay gaps).
// Pure functions; any thread.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/cloudwatch.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

// CloudWatch accepts at most 30 dimensions per metric.
inline constexpr std::size_t kMaxMetricDimensions = 30;

struct MetricSpec {
  std::string namespace_;  // "AWS/EC2"
  std::string metric;      // "CPUUtilization"
  std::vector<std::pair<std::string, std::string>> dimensions;
  std::string stat = "Average";
  int period = 0;  // seconds; 0: chosen from the range shown (metric_period)
};

// The words' grammar, for messages and help.
inline constexpr const char* kMetricUsage = "NAMESPACE NAME [DIM=VALUE...] [STAT] [PERIOD]";

// Splits a palette line into words; "double quotes" keep spaces inside a word
// (InstanceName="web 1"). An unterminated quote is an error.
aws::Result<std::vector<std::string>> split_metric_words(std::string_view line);
// NAMESPACE NAME, then in any order: DIM=VALUE (dimensions, kept in order), one statistic
// (Average Sum Minimum Maximum SampleCount, pNN / pNN.N), one period in seconds (1 5 10 30
// or a multiple of 60). Errors are ErrorKind::Usage with the word that is wrong.
aws::Result<MetricSpec> parse_metric_spec(const std::vector<std::string>& words);
aws::Result<MetricSpec> parse_metric_spec(std::string_view line);

// "" when valid, else what is wrong.
std::string check_statistic(const std::string& stat);
std::string check_period(int period);

// "AWS/EC2 CPUUtilization InstanceId=i-0abc" (no statistic).
std::string describe_metric(const MetricSpec& spec);
// The GetMetricData query for `spec` at `period` seconds.
aws::MetricQuery metric_query(const MetricSpec& spec, int period, std::string id = "m0");

struct MetricRange {
  std::string label;  // "3h"
  int seconds = 0;
};
// 1h 3h 12h 24h 7d, in that order; the graph starts at 3h.
const std::vector<MetricRange>& metric_ranges();
inline constexpr std::size_t kDefaultMetricRange = 1;
// The period a graph over `range_seconds` asks for: `asked` when set (raised when it would
// give more than 1,440 points), else about 180 points, a multiple of 60 s.
int metric_period(int range_seconds, int asked = 0);

// Datapoints (epoch seconds, ascending or not), one per period.
struct MetricPoints {
  std::vector<double> timestamps;
  std::vector<double> values;
  std::string unit;  // when the source says ("Percent"), else ""
};
// The values on the grid start, start + period, ... up to `end`, NaN where no datapoint
// falls into a step (the line graph draws a gap there).
std::vector<double> align_points(const MetricPoints& points, double start, double end, int period);

struct PointsSummary {
  std::size_t count = 0;
  double min = 0, max = 0, last = 0;
  double last_time = 0;  // epoch seconds of the newest datapoint
};
std::optional<PointsSummary> summarize(const MetricPoints& points);
// A figure as a person reads it: "12.5", "1,024", "3.2e+09" -> "3.2G" for Bytes, etc.
std::string format_metric_value(double value, const std::string& unit = "");

}  // namespace opsdeck::app
