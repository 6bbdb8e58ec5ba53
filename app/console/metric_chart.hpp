#pragma once
// MetricChart: one metric drawn as a line graph over a time range — the piece the metric
// screens (`:metric`, `m`) and the alarm detail share. It loads its window through a
// MetricFetch (app/metrics/metric_source.hpp), aligns the datapoints to the period (a
// missing datapoint is a gap, not a joined line), and draws a header line (title, min /
// max / last with the unit) above the graph, or what stands instead: "loading ...", the
// AWS error, or "no data points in the last 3 hours".
//
// Threads: UI thread, except the fetch's completion, which only calls `post`. The loaded
// state is shared with that completion through a weak_ptr, so a chart dropped meanwhile
// (its screen closed) ignores the answer; a newer load supersedes an older one's answer.
// Ownership: a value holding its state by shared_ptr; copies share the state.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/metrics/metric_source.hpp"
#include "app/metrics/metric_spec.hpp"
#include "widgets/cell_grid.hpp"

namespace opsdeck::app {

// "1 hour", "3 hours", "7 days": how a range reads in a sentence.
std::string range_words(int seconds);

class MetricChart {
 public:
  using Post = std::function<void(std::function<void()>)>;

  // `fixed_period`: always this period (an alarm's); 0 picks one per range (metric_period).
  MetricChart(std::string title, std::string unit, MetricFetch fetch, int fixed_period = 0);

  // A chart of the same metric with a state of its own (nothing loaded).
  MetricChart fresh_copy() const {
    return MetricChart(state_->title, state_->unit, state_->fetch, state_->fixed_period);
  }

  // Loads [now - range, now]; the answer comes back through `post` (UI thread).
  // `keep_shown`: the graph drawn so far stays until the answer replaces it (a periodic
  // reload), instead of "loading ...".
  void load(int range_seconds, double now, const Post& post, bool keep_shown = false);
  // A load has not answered yet.
  bool in_flight() const { return state_->in_flight; }
  // The answer of a load (or canned data in tests); UI thread.
  void set_points(MetricPoints points, const MetricWindow& window);
  // Values already one per period, oldest first (NaN: no datapoint).
  void set_values(std::vector<double> values, int range_seconds = 3 * 3600);
  void set_error(std::string message);

  const std::string& title() const { return state_->title; }
  const std::string& unit() const { return state_->unit; }
  bool loaded() const { return state_->loaded; }
  const std::string& error() const { return state_->error; }
  std::optional<PointsSummary> summary() const;
  int period() const { return state_->window.period; }
  // "min 1.2  max 9.8  last 4.1 Percent" ("" before data arrives).
  std::string figures() const;

  // The graph alone in `area` (or loading / error / no data text); `threshold` is drawn across.
  void render_graph(ui::CellGrid& grid, ui::Rect area, bool ascii, std::optional<double> threshold = {}) const;
  // The header line (title and figures; highlighted when `selected`) and the graph below it.
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii, bool selected) const;

 private:
  struct State {
    std::string title, unit;
    MetricFetch fetch;
    int fixed_period = 0;
    int range_seconds = 3 * 3600;
    std::uint64_t generation = 0;
    bool loaded = false;
    bool in_flight = false;
    std::string error;
    MetricWindow window;
    MetricPoints points;
    std::vector<double> aligned;
  };
  explicit MetricChart(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

}  // namespace opsdeck::app
