#include "app/resources/alarms.hpp"

#include <charconv>
#include <chrono>
#include <memory>

#include "aws/json_fields.hpp"
#include "widgets/sparkline.hpp"

namespace opsdeck::app {

namespace {

int state_rank(const std::string& state) {
  if (state == "ALARM") return 0;
  if (state == "INSUFFICIENT_DATA") return 1;
  return 2;
}

// alarm name -> values, from GetMetricData's series ("m<index into alarms>").
std::map<std::string, std::vector<double>> series_by_alarm(const std::vector<aws::MetricSeries>& got,
                                                           const std::vector<aws::Alarm>& alarms) {
  std::map<std::string, std::vector<double>> out;
  for (const auto& s : got) {
    std::size_t i = 0;
    if (s.id.size() < 2) continue;
    auto [ptr, ec] = std::from_chars(s.id.data() + 1, s.id.data() + s.id.size(), i);
    if (ec == std::errc() && ptr == s.id.data() + s.id.size() && i < alarms.size())
      out[alarms[i].name] = s.values;
  }
  return out;
}

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  bool with_series = opts.alarm_series;
  aws::describe_alarms_async(call, {}, [call, with_series, done = std::move(done)](
                                           aws::Result<std::vector<aws::Alarm>> r) {
    if (!r) return done(r.error());
    auto snapshot = std::make_shared<Snapshot>();
    for (const auto& a : *r) snapshot->resources.push_back(resource_of(a));
    alarm_list().sort(snapshot->resources);
    auto queries = with_series ? alarm_metric_queries(*r) : std::vector<aws::MetricQuery>{};
    if (queries.empty()) return done(std::move(*snapshot));
    // One GetMetricData for every alarm's metric over 3 h. Optional: without it the
    // sparklines stay empty.
    double end = static_cast<double>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    call(aws::get_metric_data_request(queries, end - 3 * 3600, end),
         [snapshot, alarms = std::move(*r), done](aws::Result<aws::HttpResponse> m) {
           std::string token;
           auto parsed = m ? aws::parse_get_metric_data(m->body, &token)
                           : aws::Result<std::vector<aws::MetricSeries>>(m.error());
           if (parsed) snapshot->series = series_by_alarm(*parsed, alarms);
           done(std::move(*snapshot));
         });
  });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "alarms";
  l.keys = {"name", "state", "reason", "metric", "namespace", "threshold", "comparison", "updated", "type"};
  l.pane = {
      {{"STATE", 5, 17, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "state");
         return cell_of(s, state_role(s));
       }},
      {{"NAME", 8, 40, 0}, [](const Resource& r, const CellContext&) { return cell_of(r.id); }},
      {{"SINCE", 5, 8, 1},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "updated"), c.now), ui::Role::Dim);
       }},
      {{"LAST 3H", 7, 18, 3},
       [](const Resource& r, const CellContext& c) {
         std::string spark;
         if (c.series)
           if (auto it = c.series->find(r.id); it != c.series->end() && !it->second.empty())
             spark = ui::sparkline(it->second, 18);
         return ui::TableCell{spark, ui::Role::Graph};
       }},
      {{"METRIC", 8, 24, 2},
       [](const Resource& r, const CellContext&) {
         // Composite alarms (CompositeAlarms in the response) carry a rule instead of a metric.
         bool composite = field_text(r, "type") == "composite";
         return cell_of(composite ? "composite" : field_text(r, "metric"), ui::Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    auto sa = state_rank(field_text(a, "state")), sb = state_rank(field_text(b, "state"));
    if (sa != sb) return sa < sb;
    // ISO-8601 UTC sorts as text: the oldest change (longest in its state) first.
    auto ua = field_text(a, "updated"), ub = field_text(b, "updated");
    if (ua != ub) return ua < ub;
    return a.id < b.id;
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& alarm_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::Alarm& a) {
  Resource r{ResourceType::Alarm, a.name, {}, a.raw};
  r.fields["name"] = a.name;
  r.fields["state"] = a.state;
  r.fields["reason"] = a.reason;
  r.fields["metric"] = a.type == "CompositeAlarm" ? nlohmann::json(nullptr) : null_if_empty(a.metric);
  r.fields["namespace"] = null_if_empty(a.namespace_);
  r.fields["threshold"] = a.has_threshold ? nlohmann::json(a.threshold) : nlohmann::json(nullptr);
  r.fields["comparison"] = null_if_empty(a.comparison);
  r.fields["updated"] = null_if_empty(a.updated);
  r.fields["type"] = a.type == "CompositeAlarm" ? "composite" : "metric";
  return r;
}

std::vector<aws::MetricQuery> alarm_metric_queries(const std::vector<aws::Alarm>& alarms, std::size_t limit) {
  std::vector<aws::MetricQuery> out;
  for (std::size_t i = 0; i < alarms.size() && out.size() < limit; ++i) {
    const auto& a = alarms[i];
    if (a.type == "CompositeAlarm" || a.metric.empty() || a.namespace_.empty()) continue;
    aws::MetricQuery q;
    q.id = "m" + std::to_string(i);
    q.namespace_ = a.namespace_;
    q.metric = a.metric;
    q.period = a.period > 0 ? a.period : 300;
    q.stat = a.statistic.empty() ? "Average" : a.statistic;
    for (const auto& dim : aws::jarr(a.raw, "Dimensions"))
      if (dim.is_object()) q.dimensions.emplace_back(aws::jstr(dim, "Name"), aws::jstr(dim, "Value"));
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace opsdeck::app
