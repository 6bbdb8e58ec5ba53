// Follow latency: PutLogEvents returns -> the event reaches the sink of a following
// PollingLogSource (default intervals), against moto_server on loopback. Goal: median <= 1 s
// (`aws logs tail --follow` sleeps 5 s between polls). Events are put at random gaps of
// 0.2-2.5 s so the adaptive interval is exercised both while busy and while relaxing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/polling_log_source.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "tests/support/json_test_caller.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct ArrivalSink : opsdeck::app::LogSink {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, Clock::time_point> seen;
  void on_events(std::vector<opsdeck::app::LogEvent> ev) override {
    const auto now = Clock::now();
    std::lock_guard l(mu);
    for (auto& e : ev) seen.emplace(e.message, now);
    cv.notify_all();
  }
  void on_status(const opsdeck::app::SourceStatus&) override {}
};

std::int64_t epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void BM_FollowLatency(benchmark::State& state) {
  auto& moto = opsdeck::testing::shared_moto();
  moto.reset();
  auto call = opsdeck::testing::signed_json_caller(moto);
  auto logs = [&](const char* op, nlohmann::json in) {
    (void)call(opsdeck::aws::json_request(opsdeck::aws::services::logs, op, std::move(in)));
  };
  logs("CreateLogGroup", {{"logGroupName", "/bench/follow"}});
  logs("CreateLogStream", {{"logGroupName", "/bench/follow"}, {"logStreamName", "s"}});
  opsdeck::app::CloudWatchPageFetcher fetcher(call);
  opsdeck::app::TailOptions opt;
  opt.groups = {"/bench/follow"};
  opt.start_ms = epoch_ms();
  opt.follow = true;
  opsdeck::app::PollingLogSource source(opt, fetcher);
  ArrivalSink sink;
  source.start(sink);
  std::mt19937 rng(7);
  std::vector<double> lat_ms;
  int i = 0;
  for (auto _ : state) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 2300));
    const std::string msg = "m" + std::to_string(i++);
    logs("PutLogEvents", {{"logGroupName", "/bench/follow"},
                          {"logStreamName", "s"},
                          {"logEvents", {{{"timestamp", epoch_ms()}, {"message", msg}}}}});
    const auto put_done = Clock::now();
    std::unique_lock l(sink.mu);
    sink.cv.wait_for(l, std::chrono::seconds(20), [&] { return sink.seen.count(msg) > 0; });
    const auto at = sink.seen.count(msg) ? sink.seen[msg] : Clock::now();
    const double ms = std::chrono::duration<double, std::milli>(at - put_done).count();
    lat_ms.push_back(std::max(ms, 0.0));
    state.SetIterationTime(std::max(ms, 0.0) / 1000.0);
  }
  source.stop();
  std::sort(lat_ms.begin(), lat_ms.end());
  state.counters["median_ms"] = lat_ms[lat_ms.size() / 2];
  state.counters["p90_ms"] = lat_ms[lat_ms.size() * 9 / 10];
  state.counters["max_ms"] = lat_ms.back();
}
BENCHMARK(BM_FollowLatency)->UseManualTime()->Iterations(25)->Unit(benchmark::kMillisecond);

}  // namespace
