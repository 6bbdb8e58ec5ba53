#pragma once
// The console's metric graphs: `:metric NAMESPACE NAME [DIM=VALUE...] [STAT] [PERIOD]`
// (any CloudWatch metric; bad words are refused in the status line with what to type) and
// `m` on a row (its kind's standard metrics, app/metrics/standard_metrics.hpp; a Lightsail
// container service's from Lightsail itself). Both push a MetricScreen
// (app/console/screens/metric_screen.hpp) that reloads itself every kMetricRefresh while
// on top (keep_fresh, screen_env.hpp).
// metric_screen_items() turns metrics into the screen's charts (pure but for the caller).
//
// Threads: UI thread; the charts' reads complete on the client's IO thread and only post.
// Ownership: borrows view, loop and live, which outlive every screen they push.

#include <chrono>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/live_console.hpp"
#include "app/console/screens/metric_screen.hpp"
#include "app/metrics/standard_metrics.hpp"
#include "aws/service_call.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

// How often a metric screen on top reloads itself (CloudWatch's finest standard period).
inline constexpr std::chrono::seconds kMetricRefresh{60};

std::vector<MetricScreenItem> metric_screen_items(const std::vector<ResourceMetric>& metrics, aws::AsyncCaller call);

// Sets the handler of `:metric` and adds the `metrics` command (key `m`).
void add_metric_views(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live);

}  // namespace opsdeck::app
