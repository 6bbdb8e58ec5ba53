#include "app/console/metric_chart.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "app/user_message.hpp"
#include "widgets/sparkline.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

// The whole range spread over the graph's width (the line graph draws one value per dot
// column, newest at the right): each column shows the largest value of its share of the
// periods, or the period it falls on when there are fewer periods than columns. A column
// whose periods have no datapoint stays a gap.
std::vector<double> fit_to_width(const std::vector<double>& values, int cells, bool ascii) {
  constexpr int kLabelRoom = 10;  // the value labels at the left edge
  const int columns = std::max(1, (cells - kLabelRoom) * (ascii ? 1 : 2));
  const std::size_t n = values.size();
  if (n == 0) return values;
  std::vector<double> out(static_cast<std::size_t>(columns), std::nan(""));
  for (std::size_t x = 0; x < out.size(); ++x) {
    std::size_t from = x * n / out.size(), to = std::max(from + 1, (x + 1) * n / out.size());
    for (std::size_t i = from; i < to && i < n; ++i)
      if (!std::isnan(values[i]) && (std::isnan(out[x]) || values[i] > out[x])) out[x] = values[i];
  }
  return out;
}

}  // namespace

std::string range_words(int seconds) {
  auto plural = [](int n, const char* unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); };
  if (seconds % 86400 == 0 && seconds >= 2 * 86400) return plural(seconds / 86400, "day");
  if (seconds % 3600 == 0) return plural(seconds / 3600, "hour");
  return plural(seconds / 60, "minute");
}

MetricChart::MetricChart(std::string title, std::string unit, MetricFetch fetch, int fixed_period)
    : state_(std::make_shared<State>()) {
  state_->title = ui::sanitize_plain(title);
  state_->unit = ui::sanitize_plain(unit);
  state_->fetch = std::move(fetch);
  state_->fixed_period = fixed_period;
}

void MetricChart::load(int range_seconds, double now, const Post& post, bool keep_shown) {
  State& s = *state_;
  MetricWindow w{now - range_seconds, now, s.fixed_period > 0 ? s.fixed_period : metric_period(range_seconds)};
  std::uint64_t generation = ++s.generation;
  if (!keep_shown || !s.loaded) {
    s.range_seconds = range_seconds;
    s.loaded = false;
    s.error.clear();
  }
  if (!s.fetch) return set_error("nothing to read this metric from");
  s.in_flight = true;
  std::weak_ptr<State> weak = state_;
  s.fetch(w, [weak, post, w, generation](aws::Result<MetricPoints> r) {  // any thread
    post([weak, w, generation, r = std::move(r)]() mutable {
      auto state = weak.lock();
      if (!state || state->generation != generation) return;  // closed, or a newer load
      state->in_flight = false;
      MetricChart chart(std::move(state));
      if (!r) return chart.set_error(from_error(r.error()).line());
      chart.set_points(std::move(*r), w);
    });
  });
}

void MetricChart::set_points(MetricPoints points, const MetricWindow& window) {
  State& s = *state_;
  s.window = window;
  s.range_seconds = static_cast<int>(window.end - window.start);
  s.aligned = align_points(points, window.start, window.end, window.period);
  if (s.unit.empty()) s.unit = ui::sanitize_plain(points.unit);
  s.points = std::move(points);
  s.loaded = true;
  s.error.clear();
}

void MetricChart::set_values(std::vector<double> values, int range_seconds) {
  State& s = *state_;
  s.points = {};
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.points.timestamps.push_back(static_cast<double>(i));
    s.points.values.push_back(values[i]);
  }
  s.aligned = std::move(values);
  s.range_seconds = range_seconds;
  s.loaded = true;
  s.error.clear();
}

void MetricChart::set_error(std::string message) {
  state_->error = ui::sanitize_plain(message);
  state_->loaded = false;
}

std::optional<PointsSummary> MetricChart::summary() const { return summarize(state_->points); }

std::string MetricChart::figures() const {
  auto s = summary();
  if (!s) return "";
  const std::string& u = state_->unit;
  std::string unit = u.empty() || u == "None" || u == "Bytes" ? "" : " " + u;
  return "min " + format_metric_value(s->min, u) + "  max " + format_metric_value(s->max, u) + "  last " +
         format_metric_value(s->last, u) + unit;
}

void MetricChart::render_graph(ui::CellGrid& grid, ui::Rect area, bool ascii, std::optional<double> threshold) const {
  if (area.empty()) return;
  const State& s = *state_;
  int end = area.x + area.w;
  if (!s.error.empty()) {
    grid.put(area.x, area.y, s.error, ui::Role::StatusWarn, end);
    return;
  }
  if (!s.loaded) {
    grid.put(area.x, area.y, "loading ...", ui::Role::Dim, end);
    return;
  }
  if (!summary()) {
    grid.put(area.x, area.y, "no data points in the last " + range_words(s.range_seconds), ui::Role::Dim, end);
    return;
  }
  ui::GraphOptions o;
  o.threshold = threshold;
  o.ascii = ascii;
  o.format = [unit = s.unit](double v) { return format_metric_value(v, unit); };
  ui::draw_line_graph(grid, area, fit_to_width(s.aligned, area.w, ascii), o);
}

void MetricChart::render(ui::CellGrid& grid, ui::Rect area, bool ascii, bool selected) const {
  if (area.empty()) return;
  int end = area.x + area.w;
  int x = area.x + grid.put(area.x, area.y, (selected ? (ascii ? "> " : "▶ ") : "  ") + state_->title,
                            selected ? ui::Role::Selected : ui::Role::Header, end);
  std::string f = figures();
  if (!f.empty()) grid.put(x, area.y, "   " + f, ui::Role::Dim, end);
  ui::Rect graph{area.x + 2, area.y + 1, area.w - 2, area.h - 1};
  const MetricWindow& w = state_->window;
  if (graph.h >= 4 && state_->loaded && w.end > w.start && summary()) {
    // The time axis under the graph: where the range starts and ends (UTC).
    auto stamp = [&](double t) {
      std::time_t tt = static_cast<std::time_t>(t);
      std::tm tm{};
      gmtime_r(&tt, &tm);
      char buf[32];
      std::strftime(buf, sizeof buf, w.end - w.start > 86400 ? "%m-%d %H:%M" : "%H:%M", &tm);
      return std::string(buf);
    };
    int y = graph.y + graph.h - 1;
    std::string right = stamp(w.end) + " UTC";
    grid.put(graph.x, y, stamp(w.start), ui::Role::Dim, graph.x + graph.w);
    grid.put(std::max(graph.x, graph.x + graph.w - static_cast<int>(right.size())), y, right, ui::Role::Dim,
             graph.x + graph.w);
    graph.h -= 1;
  }
  render_graph(grid, graph, ascii);
}

}  // namespace opsdeck::app
