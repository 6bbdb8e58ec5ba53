// Rendering benchmarks (bench/README.md "## Rendering"):
//  - a 10,000-row table rendered into a 200x60 grid;
//  - flushing frames through real ncursesw (newterm on /dev/null): a full repaint, and a
//    selection move (only changed cells written);
//  - keystroke-to-frame while typing a filter over 10,000 rows: key -> prompt -> filter
//    -> render -> flush, with p50/p99 per keystroke as counters.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/null_screen.hpp"
#include "widgets/curses_screen.hpp"
#include "widgets/prompt.hpp"
#include "widgets/table.hpp"

using namespace opsdeck::ui;

namespace {

constexpr int kW = 200, kH = 60;

std::shared_ptr<VectorTableSource> rows(int n) {
  auto src = std::make_shared<VectorTableSource>(std::vector<Column>{{"NAME", 8, 32, 0, false},
                                                                     {"STATE", 7, 13, 0, false},
                                                                     {"TYPE", 6, 14, 2, false},
                                                                     {"PRIVATE IP", 10, 15, 3, false},
                                                                     {"AZ", 4, 12, 4, false},
                                                                     {"CPU", 4, 6, 1, true}});
  std::vector<VectorTableSource::Row> r;
  std::vector<std::string> keys;
  r.reserve(static_cast<std::size_t>(n));
  static const char* kTypes[] = {"t3.small", "t3.large", "m6i.xlarge", "c7g.2xlarge"};
  for (int i = 0; i < n; ++i) {
    char name[32], ip[32];
    std::snprintf(name, sizeof name, "svc-%05d-api", i);
    std::snprintf(ip, sizeof ip, "10.%d.%d.%d", i / 65536 % 256, i / 256 % 256, i % 256);
    bool up = i % 7 != 0;
    r.push_back({{name, Role::Default},
                 {up ? "running" : "stopped", up ? Role::StateGood : Role::StateBad},
                 {kTypes[i % 4], Role::Default},
                 {ip, Role::Default},
                 {i % 2 ? "us-east-1a" : "us-east-1b", Role::Default},
                 {std::to_string(i * 37 % 100), Role::Default}});
    keys.push_back("i-" + std::to_string(i));
  }
  src->set_rows(std::move(r), std::move(keys));
  return src;
}

struct NullScreen : opsdeck::bench::NullScreen {
  NullScreen() : opsdeck::bench::NullScreen(kW, kH) {}
};

void BM_TableRender10k(benchmark::State& state) {
  Table t;
  t.set_source(rows(10000));
  CellGrid g(kW, kH);
  for (auto _ : state) {
    g.clear();
    t.render(g, g.bounds(), true);
    t.command(TableCommand::Down);
    benchmark::DoNotOptimize(g.at(0, 1));
  }
}
BENCHMARK(BM_TableRender10k)->Unit(benchmark::kMicrosecond);

void BM_TableNewSnapshot10k(benchmark::State& state) {
  // A refresh hands the table a new 10,000-row snapshot: re-index, sort, filter, render.
  auto src = rows(10000);
  Table t;
  t.set_source(src);
  t.sort_by(0, false);
  CellGrid g(kW, kH);
  std::vector<VectorTableSource::Row> copy;
  for (std::size_t r = 0; r < src->row_count(); ++r) {
    VectorTableSource::Row row;
    for (std::size_t c = 0; c < src->columns().size(); ++c) row.push_back(src->cell(r, c));
    copy.push_back(std::move(row));
  }
  for (auto _ : state) {
    state.PauseTiming();
    auto rows_copy = copy;
    state.ResumeTiming();
    src->set_rows(std::move(rows_copy));
    g.clear();
    t.render(g, g.bounds(), true);
  }
}
BENCHMARK(BM_TableNewSnapshot10k)->Unit(benchmark::kMillisecond);

void BM_FlushFullRepaint(benchmark::State& state) {
  NullScreen ns;
  if (!ns.screen) return state.SkipWithError("cannot open curses on /dev/null");
  Table t;
  t.set_source(rows(10000));
  CellGrid g(kW, kH);
  t.render(g, g.bounds(), true);
  for (auto _ : state) {
    ns.screen->invalidate();
    ns.screen->flush(g);
  }
  state.counters["cells"] = static_cast<double>(ns.screen->last_flush_cells());
}
BENCHMARK(BM_FlushFullRepaint)->Unit(benchmark::kMicrosecond);

void BM_RenderAndFlushSelectionMove(benchmark::State& state) {
  NullScreen ns;
  if (!ns.screen) return state.SkipWithError("cannot open curses on /dev/null");
  Table t;
  t.set_source(rows(10000));
  CellGrid g(kW, kH);
  std::size_t cells = 0;
  for (auto _ : state) {
    t.command(TableCommand::Down);
    g.clear();
    t.render(g, g.bounds(), true);
    ns.screen->flush(g);
    cells += ns.screen->last_flush_cells();
  }
  state.counters["cells/frame"] = static_cast<double>(cells) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RenderAndFlushSelectionMove)->Unit(benchmark::kMicrosecond);

void BM_KeystrokeToFrameFilter10k(benchmark::State& state) {
  NullScreen ns;
  if (!ns.screen) return state.SkipWithError("cannot open curses on /dev/null");
  Table t;
  t.set_source(rows(10000));
  CellGrid g(kW, kH);
  Prompt prompt("/");
  const std::string typed = state.range(0) ? "~svc-0[0-4]+7" : "svc-0427-api";
  std::vector<double> samples, cpu_samples;
  auto thread_cpu_ms = [] {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  };
  for (auto _ : state) {
    prompt.start();
    t.set_filter("");
    for (char c : typed) {
      auto start = std::chrono::steady_clock::now();
      double cpu_start = thread_cpu_ms();
      prompt.handle_key(KeyEvent::character(static_cast<unsigned char>(c)));
      t.set_filter(prompt.text());
      g.clear();
      t.render(g, g.bounds(), true);
      prompt.render(g, {0, kH - 1, kW, 1});
      ns.screen->flush(g);
      samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      cpu_samples.push_back(thread_cpu_ms() - cpu_start);
    }
  }
  std::sort(samples.begin(), samples.end());
  std::sort(cpu_samples.begin(), cpu_samples.end());
  auto pct = [](const std::vector<double>& v, double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  state.counters["p50_ms"] = pct(samples, 0.50);
  state.counters["p99_ms"] = pct(samples, 0.99);
  state.counters["p99_cpu_ms"] = pct(cpu_samples, 0.99);
  state.counters["max_ms"] = samples.back();
  state.counters["keys"] = static_cast<double>(samples.size());
}
BENCHMARK(BM_KeystrokeToFrameFilter10k)->Arg(0)->Arg(1)->ArgName("regex")->Unit(benchmark::kMillisecond);

}  // namespace
