// LogBuffer ingest (goal >= 1 M lines/s) and memory per line (goal <= 1.3x raw bytes).
#include <benchmark/benchmark.h>

#include "app/logs/log_buffer.hpp"
#include "bench/log_corpus.hpp"

namespace {

const std::vector<std::string>& corpus() {
  static const auto c = opsdeck::bench::log_corpus(1'000'000);
  return c;
}

// Appends 1 M lines into a buffer capped at 200 k lines (so eviction runs all the time).
void BM_LogBufferIngest(benchmark::State& state) {
  const auto& lines = corpus();
  std::size_t bytes = 0;
  for (auto _ : state) {
    opsdeck::app::LogBuffer buf({.max_lines = 200'000, .max_bytes = 256u << 20});
    const auto src = buf.intern_source("/app/web-1");
    std::int64_t ts = 1'795'255'200'000;
    for (const auto& l : lines) buf.append(ts++, src, l);
    benchmark::DoNotOptimize(buf.size());
    bytes = buf.text_bytes();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines.size()));
  state.counters["kept_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_LogBufferIngest)->Unit(benchmark::kMillisecond);

// Allocated bytes / raw text bytes for 1 M stored lines (no eviction).
void BM_LogBufferMemoryPerLine(benchmark::State& state) {
  const auto& lines = corpus();
  double ratio = 0, per_line = 0;
  for (auto _ : state) {
    opsdeck::app::LogBuffer buf({.max_lines = 2'000'000, .max_bytes = 1u << 30});
    for (const auto& l : lines) buf.append(0, 0, l);
    ratio = static_cast<double>(buf.allocated_bytes()) / static_cast<double>(buf.text_bytes());
    per_line = static_cast<double>(buf.allocated_bytes()) / static_cast<double>(buf.size());
    benchmark::DoNotOptimize(buf.size());
  }
  std::size_t raw = 0;
  for (const auto& l : lines) raw += l.size();
  state.counters["mem_ratio"] = ratio;
  state.counters["bytes_per_line"] = per_line;
  state.counters["raw_bytes_per_line"] = static_cast<double>(raw) / static_cast<double>(lines.size());
}
BENCHMARK(BM_LogBufferMemoryPerLine)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
