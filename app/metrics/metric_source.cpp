#include "app/metrics/metric_source.hpp"

#include <algorithm>
#include <numeric>

#include "aws/lightsail.hpp"

namespace opsdeck::app {

MetricPoints points_of(const std::vector<aws::MetricSeries>& series) {
  MetricPoints p;
  if (series.empty()) return p;
  const auto& s = series.front();
  std::size_t n = std::min(s.timestamps.size(), s.values.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s.timestamps[a] < s.timestamps[b]; });
  for (std::size_t i : order) {
    p.timestamps.push_back(s.timestamps[i]);
    p.values.push_back(s.values[i]);
  }
  return p;
}

MetricFetch cloudwatch_metric_fetch(aws::AsyncCaller call, aws::MetricQuery query) {
  return [call = std::move(call), query = std::move(query)](const MetricWindow& w,
                                                            std::function<void(aws::Result<MetricPoints>)> done) {
    aws::MetricQuery q = query;
    q.period = w.period;
    call(aws::get_metric_data_request({q}, w.start, w.end), [done = std::move(done)](aws::Result<aws::HttpResponse> r) {
      if (!r) return done(r.error());
      std::string token;
      auto series = aws::parse_get_metric_data(r->body, &token);
      if (!series) return done(series.error());
      done(points_of(*series));
    });
  };
}

MetricFetch lightsail_container_metric_fetch(aws::AsyncCaller call, std::string service, std::string metric,
                                             std::string stat) {
  return [call = std::move(call), service = std::move(service), metric = std::move(metric),
          stat = std::move(stat)](const MetricWindow& w, std::function<void(aws::Result<MetricPoints>)> done) {
    // Lightsail takes periods of 60 s to a day.
    int period = std::clamp(w.period, 60, 86400);
    call(aws::get_container_service_metric_data_request(service, metric, w.start, w.end, period, stat),
         [done = std::move(done), stat](aws::Result<aws::HttpResponse> r) {
           if (!r) return done(r.error());
           auto points = aws::parse_get_container_service_metric_data(r->body, stat);
           if (!points) return done(points.error());
           MetricPoints p;
           for (const auto& d : *points) {
             p.timestamps.push_back(d.timestamp);
             p.values.push_back(d.value);
             if (p.unit.empty()) p.unit = d.unit;
           }
           done(std::move(p));
         });
  };
}

}  // namespace opsdeck::app
