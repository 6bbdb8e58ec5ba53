#include "app/metrics/metric_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace opsdeck::app {

namespace {

aws::Error usage(std::string message) {
  return aws::make_error(aws::ErrorKind::Usage, std::move(message),
                         std::string("expected ") + kMetricUsage + ", e.g. AWS/EC2 CPUUtilization InstanceId=i-0abc Maximum 60");
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_percentile(std::string_view s) {
  // pNN or pNN.N (p0 .. p100), as CloudWatch's extended statistics.
  if (s.size() < 2 || s[0] != 'p') return false;
  s.remove_prefix(1);
  double v = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  return v >= 0 && v <= 100 && (s.front() >= '0' && s.front() <= '9') && s.back() != '.';
}

}  // namespace

aws::Result<std::vector<std::string>> split_metric_words(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false, quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      in_word = true;
      continue;
    }
    if (c == ' ' && !quoted) {
      if (in_word) words.push_back(std::move(cur)), cur.clear();
      in_word = false;
      continue;
    }
    cur += c;
    in_word = true;
  }
  if (quoted) return usage("a double quote is not closed");
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::string check_statistic(const std::string& stat) {
  static const char* kStats[] = {"Average", "Sum", "Minimum", "Maximum", "SampleCount"};
  for (const char* s : kStats)
    if (stat == s) return "";
  if (is_percentile(stat)) return "";
  return "\"" + stat + "\" is not a statistic (Average, Sum, Minimum, Maximum, SampleCount, p99, p99.9)";
}

std::string check_period(int period) {
  if (period == 1 || period == 5 || period == 10 || period == 30) return "";
  if (period >= 60 && period % 60 == 0) return "";
  return "a period of " + std::to_string(period) + " s is not one CloudWatch takes (1, 5, 10, 30 or a multiple of 60)";
}

aws::Result<MetricSpec> parse_metric_spec(const std::vector<std::string>& words) {
  if (words.size() < 2) return usage(words.empty() ? "no metric named" : "no metric name after " + words[0]);
  MetricSpec spec;
  spec.namespace_ = words[0];
  spec.metric = words[1];
  if (spec.namespace_.find('=') != std::string::npos)
    return usage("the namespace comes first, not a dimension: " + spec.namespace_);
  if (spec.metric.find('=') != std::string::npos)
    return usage("the metric name comes second, not a dimension: " + spec.metric);
  bool have_stat = false, have_period = false;
  for (std::size_t i = 2; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (auto eq = w.find('='); eq != std::string::npos) {
      std::string name = w.substr(0, eq), value = w.substr(eq + 1);
      if (name.empty()) return usage("dimension \"" + w + "\" has no name before '='");
      if (value.empty()) return usage("dimension " + name + " has no value after '='");
      for (const auto& [n, v] : spec.dimensions)
        if (n == name) return usage("dimension " + name + " is given twice");
      spec.dimensions.emplace_back(std::move(name), std::move(value));
      if (spec.dimensions.size() > kMaxMetricDimensions)
        return usage("too many dimensions: CloudWatch takes at most " + std::to_string(kMaxMetricDimensions));
      continue;
    }
    if (all_digits(w)) {
      if (have_period) return usage("two periods given: " + w);
      int p = 0;
      auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), p);
      if (ec != std::errc() || end != w.data() + w.size()) return usage("period " + w + " is too large");
      if (std::string problem = check_period(p); !problem.empty()) return usage(problem);
      spec.period = p;
      have_period = true;
      continue;
    }
    if (check_statistic(w).empty()) {
      if (have_stat) return usage("two statistics given: " + spec.stat + " and " + w);
      spec.stat = w;
      have_stat = true;
      continue;
    }
    return usage("\"" + w + "\" is neither DIM=VALUE (a dimension), a statistic (Average, Maximum, p99, ...) nor a period in seconds");
  }
  return spec;
}

aws::Result<MetricSpec> parse_metric_spec(std::string_view line) {
  auto words = split_metric_words(line);
  if (!words) return words.error();
  return parse_metric_spec(*words);
}

std::string describe_metric(const MetricSpec& spec) {
  std::string s = spec.namespace_ + " " + spec.metric;
  for (const auto& [n, v] : spec.dimensions) s += " " + n + "=" + v;
  return s;
}

aws::MetricQuery metric_query(const MetricSpec& spec, int period, std::string id) {
  aws::MetricQuery q;
  q.id = std::move(id);
  q.namespace_ = spec.namespace_;
  q.metric = spec.metric;
  q.dimensions = spec.dimensions;
  q.period = period;
  q.stat = spec.stat;
  return q;
}

const std::vector<MetricRange>& metric_ranges() {
  static const std::vector<MetricRange> kRanges = {
      {"1h", 3600}, {"3h", 3 * 3600}, {"12h", 12 * 3600}, {"24h", 24 * 3600}, {"7d", 7 * 24 * 3600}};
  return kRanges;
}

int metric_period(int range_seconds, int asked) {
  constexpr int kMaxPoints = 1440, kPoints = 180;
  auto up60 = [](int s) { return std::max(60, (s + 59) / 60 * 60); };
  if (asked > 0) return range_seconds / asked > kMaxPoints ? up60(range_seconds / kMaxPoints) : asked;
  return up60(range_seconds / kPoints);
}

std::vector<double> align_points(const MetricPoints& points, double start, double end, int period) {
  if (period <= 0 || end <= start) return {};
  auto steps = static_cast<std::size_t>(std::ceil((end - start) / period));
  std::vector<double> out(steps, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < points.timestamps.size() && i < points.values.size(); ++i) {
    double t = points.timestamps[i];
    if (t < start || t >= start + static_cast<double>(steps) * period) continue;
    out[static_cast<std::size_t>((t - start) / period)] = points.values[i];
  }
  return out;
}

std::optional<PointsSummary> summarize(const MetricPoints& points) {
  PointsSummary s;
  for (std::size_t i = 0; i < points.timestamps.size() && i < points.values.size(); ++i) {
    double v = points.values[i];
    if (std::isnan(v)) continue;
    if (s.count == 0 || v < s.min) s.min = v;
    if (s.count == 0 || v > s.max) s.max = v;
    if (s.count == 0 || points.timestamps[i] >= s.last_time) s.last = v, s.last_time = points.timestamps[i];
    ++s.count;
  }
  if (s.count == 0) return std::nullopt;
  return s;
}

std::string format_metric_value(double v, const std::string& unit) {
  char buf[48];
  if (std::isnan(v)) return "-";
  if (unit == "Bytes" && std::fabs(v) >= 1024) {
    static const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    int i = -1;
    while (std::fabs(v) >= 1024 && i < 4) v /= 1024, ++i;
    std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[i]);
    return buf;
  }
  if (std::fabs(v) >= 1e7) std::snprintf(buf, sizeof buf, "%.3g", v);
  else if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (std::fabs(v) >= 100) std::snprintf(buf, sizeof buf, "%.1f", v);
  else if (std::fabs(v) >= 1) std::snprintf(buf, sizeof buf, "%.2f", v);
  else std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace opsdeck::app
