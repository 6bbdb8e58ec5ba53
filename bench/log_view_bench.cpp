// LogView: a filter over 1 M lines (goal <= 150 ms) and drawing a full screen (goal <= 2 ms).
#include <benchmark/benchmark.h>

#include "app/logs/log_buffer.hpp"
#include "app/logs/log_buffer_view_source.hpp"
#include "bench/log_corpus.hpp"
#include "widgets/log_view.hpp"

namespace {

using opsdeck::app::LogBuffer;
using opsdeck::app::LogBufferViewSource;
using opsdeck::ui::CellGrid;
using opsdeck::ui::LogView;

LogBuffer& million() {
  static LogBuffer* buf = [] {
    auto* b = new LogBuffer({.max_lines = 1'000'000, .max_bytes = 1u << 30});
    const auto src = b->intern_source("/prod/api/web-1");
    std::int64_t ts = 1'795'255'200'000;
    for (const auto& l : opsdeck::bench::log_corpus(1'000'000)) b->append(ts++, src, l);
    return b;
  }();
  return *buf;
}

void filter_bench(benchmark::State& state, const char* spec) {
  LogBufferViewSource src(million());
  LogView view(src);
  std::size_t visible = 0;
  for (auto _ : state) {
    view.add_include(spec);
    visible = view.visible_count();
    state.PauseTiming();
    view.clear_filters();
    state.ResumeTiming();
  }
  state.counters["visible"] = static_cast<double>(visible);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * million().size()));
}

void BM_FilterRegex1M(benchmark::State& state) { filter_bench(state, R"(/ 50\d /)"); }
void BM_FilterRegexAnchoredWord1M(benchmark::State& state) { filter_bench(state, "/ERROR.*charge/"); }
void BM_FilterSubstring1M(benchmark::State& state) { filter_bench(state, "timeout"); }
BENCHMARK(BM_FilterRegex1M)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FilterRegexAnchoredWord1M)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FilterSubstring1M)->Unit(benchmark::kMillisecond);

// 200 x 60 screen, following, with a search highlight and level colouring.
void BM_DrawFullView(benchmark::State& state) {
  LogBufferViewSource src(million());
  LogView view(src);
  view.set_wrap(state.range(0) != 0);
  view.set_search("order");
  CellGrid grid(200, 60);
  for (auto _ : state) {
    view.draw(grid, grid.bounds(), 1'795'255'300'000);
    benchmark::DoNotOptimize(grid.at(0, 0));
  }
}
BENCHMARK(BM_DrawFullView)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
