#include "app/console/metric_views.hpp"

#include <memory>

#include "app/console/screens/screen_env.hpp"
#include "app/console/status_message.hpp"
#include "app/metrics/metric_source.hpp"
#include "app/metrics/metric_spec.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

nlohmann::json query_document(const ResourceMetric& m) {
  nlohmann::json dims = nlohmann::json::array();
  for (const auto& [n, v] : m.spec.dimensions) dims.push_back({{"Name", n}, {"Value", v}});
  nlohmann::json doc = {{"Namespace", m.spec.namespace_}, {"MetricName", m.spec.metric},
                        {"Dimensions", dims},           {"Stat", m.spec.stat}};
  if (m.spec.period > 0) doc["Period"] = m.spec.period;
  if (!m.unit.empty()) doc["Unit"] = m.unit;
  if (m.origin == MetricOrigin::LightsailContainer) doc["Source"] = "lightsail:GetContainerServiceMetricData";
  return doc;
}

// Pushes `screen` and keeps it fresh while it is on top (as its one-graph screens).
void show_metric_screen(ConsoleView& view, ui::EventLoop& loop, std::shared_ptr<ConsoleScreen> screen) {
  ScreenEnv env;
  env.view = &view;
  env.after = loop_after(loop);
  keep_fresh(env, screen, kMetricRefresh);
  view.push_screen(std::move(screen));
}

void open_metric_screen(ConsoleView& view, ui::EventLoop& loop, std::string title, std::vector<MetricScreenItem> items) {
  auto screen = std::make_shared<MetricScreen>(
      std::move(title), std::move(items), [&loop](std::function<void()> task) { loop.post(std::move(task)); });
  screen->push = [&view, &loop](std::shared_ptr<ConsoleScreen> s) { show_metric_screen(view, loop, std::move(s)); };
  show_metric_screen(view, loop, screen);
  screen->start();
}

}  // namespace

std::vector<MetricScreenItem> metric_screen_items(const std::vector<ResourceMetric>& metrics, aws::AsyncCaller call) {
  std::vector<MetricScreenItem> items;
  for (const auto& m : metrics) {
    MetricFetch fetch;
    if (m.origin == MetricOrigin::LightsailContainer) {
      std::string service = m.spec.dimensions.empty() ? "" : m.spec.dimensions.front().second;
      fetch = lightsail_container_metric_fetch(call, service, m.spec.metric, m.spec.stat);
    } else {
      fetch = cloudwatch_metric_fetch(call, metric_query(m.spec, 0));
    }
    items.push_back({MetricChart(m.spec.metric + " (" + m.spec.stat + ")", m.unit, std::move(fetch), m.spec.period),
                     query_document(m)});
  }
  return items;
}

void add_metric_views(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live) {
  view.commands().set_handler("metric", [&view, &loop, &live](const std::string& argument) {
    auto spec = parse_metric_spec(argument);
    if (!spec) {
      show_message(view.status(), from_error(spec.error()).about(":metric"));
      return ui::Outcome::Redraw;
    }
    ResourceMetric m{MetricOrigin::CloudWatch, *spec, standard_unit(spec->namespace_, spec->metric)};
    std::vector<MetricScreenItem> items;
    items.push_back({MetricChart(describe_metric(*spec) + " (" + spec->stat + ")", m.unit,
                                 cloudwatch_metric_fetch(aws::async_caller(live.client()), metric_query(*spec, 0)),
                                 spec->period),
                     query_document(m)});
    open_metric_screen(view, loop, "Metric " + spec->metric, std::move(items));
    return ui::Outcome::Redraw;
  });
  // Tab after `:metric ` offers the standard metrics' namespaces and names.
  std::vector<std::string> known;
  for (const auto& set : standard_metric_sets())
    if (set.origin == MetricOrigin::CloudWatch)
      for (const auto& m : set.metrics) known.push_back(set.namespace_ + " " + m.metric + " ");
  view.palette().set_argument_values("metric", std::move(known));
  ConsoleCommand standard{"metrics", {"m"}, "Graphs of the selected resource's standard metrics", "global", "metrics",
                         [&view, &loop, &live](const std::string&) {
                           ConsoleSelection sel = view.selection();
                           if (sel.key.empty()) {
                             view.status().show(ui::Severity::Info, "m: select a row first");
                             return ui::Outcome::Redraw;
                           }
                           std::string id = sel.key, label = sel.label;
                           const nlohmann::json* doc = sel.document;
                           if (sel.pane >= 0) {
                             if (const Resource* r = live.resource(sel.pane, sel.key)) {
                               id = r->id;
                               label = display_label(*r);
                               doc = &r->document();
                             }
                           } else if (ConsoleScreen* top = view.top_screen()) {
                             id = top->selected_id();
                             label = id;  // a view's row key may carry its kind ("container:web")
                           }
                           auto metrics = resource_metrics(sel.type, id, doc);
                           if (!metrics) {
                             show_message(view.status(), from_error(metrics.error()).about("m"));
                             return ui::Outcome::Redraw;
                           }
                           open_metric_screen(view, loop, "Metrics " + ui::sanitize_plain(label),
                                              metric_screen_items(*metrics, aws::async_caller(live.client())));
                           return ui::Outcome::Redraw;
                         },
                         CommandNeeds::Session};
  view.commands().add(std::move(standard));
}

}  // namespace opsdeck::app
