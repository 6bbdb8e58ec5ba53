#pragma once
// The metric screen: one or more metrics as line graphs over the same range, each with its
// min / max / last and unit (MetricChart). `:metric NAMESPACE NAME DIM=VALUE...` shows one;
// `m` on a row shows its kind's standard metrics (app/metrics/standard_metrics.hpp), the
// graphs stacked (two columns when wide), the selected one marked.
// Keys: 1-5 range 1h / 3h / 12h / 24h / 7d (starts at 3h), + / - a wider / narrower
// range, r reload, j / k select a graph, Enter opens the selected graph alone, d the
// metric's query as a document. While on top it reloads itself every kMetricRefresh
// (metric_views.cpp), keeping the graphs drawn until the new points arrive.
//
// Threads: UI thread; charts load through `post` (MetricChart).
// Ownership: holds its charts; answers for a closed screen are dropped by the charts.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/console/metric_chart.hpp"

namespace opsdeck::app {

struct MetricScreenItem {
  MetricChart chart;
  nlohmann::json document;  // what `d` shows: the query (namespace, name, dimensions, stat)
};

class MetricScreen : public ConsoleScreen {
 public:
  using Clock = std::function<double()>;  // epoch seconds
  MetricScreen(std::string title, std::vector<MetricScreenItem> items, MetricChart::Post post,
               Clock now = nullptr);

  // Loads every chart over the current range.
  void start();
  std::string title() const override { return title_; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  ui::Outcome open_selected() override;
  const nlohmann::json* selected_document() const override;
  std::string selected_key() const override;
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override;
  // Reloads every chart keeping the drawn graphs until the answers arrive (keep_fresh).
  void refresh() override { load(true); }
  bool busy() const override;

  std::size_t range_index() const { return range_; }
  std::size_t selected() const { return selected_; }
  const std::vector<MetricScreenItem>& items() const { return items_; }
  // Set by the opener: pushes a screen (Enter on one of several graphs).
  std::function<void(std::shared_ptr<ConsoleScreen>)> push;

 private:
  void load(bool keep_shown);

  std::string title_;
  std::vector<MetricScreenItem> items_;
  MetricChart::Post post_;
  Clock now_;
  std::size_t range_ = kDefaultMetricRange;
  std::size_t selected_ = 0;
};

}  // namespace opsdeck::app
