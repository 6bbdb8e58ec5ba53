// The console's share of a 10,000-instance refresh on its UI thread (bench/README.md
// "## Scale"): the Instances pane's rows (cells, keys, filter text) made from a snapshot
// of 10,000 EC2 instances with their SSM status — parsed from DescribeInstances pages made
// from the captured response (bench/fixture_pages.hpp).
#include <benchmark/benchmark.h>

#include <chrono>

#include "app/console/sources/resource_rows.hpp"
#include "app/resources/instances.hpp"
#include "aws/ec2.hpp"
#include "bench/fixture_pages.hpp"

using namespace opsdeck;

namespace {

app::Snapshot instances_snapshot(int n) {
  app::Snapshot s;
  for (int first = 0; first < n; first += 1000) {
    auto page = aws::parse_describe_instances(bench::describe_instances_page(first, std::min(1000, n - first), ""));
    if (!page.ok()) return s;
    for (const auto& i : page->instances) {
      s.resources.push_back(app::resource_of(i));
      s.resources.back().fields["ssm"] = s.resources.size() % 10 == 0 ? "ConnectionLost" : "Online";
    }
  }
  app::instance_list().sort(s.resources);
  return s;
}

void BM_PaneRows10kInstances(benchmark::State& state) {
  const app::Snapshot snapshot = instances_snapshot(10'000);
  if (snapshot.resources.size() != 10'000) return state.SkipWithError("parse failed");
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    app::PaneRows rows = app::pane_rows(app::instance_list(), snapshot, now);
    if (rows.rows.size() != 10'000) state.SkipWithError("wrong row count");
    benchmark::DoNotOptimize(rows);
  }
  state.counters["rows/s"] = benchmark::Counter(1e4 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PaneRows10kInstances)->Unit(benchmark::kMillisecond);

}  // namespace
