// Parsing speed of the two biggest responses the console handles: a 1,000-instance
// DescribeInstances page (EC2 query XML -> typed rows, the raw JSON for the detail view built
// only when read; measured both ways) and FilterLogEvents pages of 10,000 and 100,000 events
// (JSON). Inputs are synthesised from the moto captures in tests/unit/fixtures so they have
// the real shape.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "aws/ec2.hpp"
#include "aws/logs.hpp"
#include "aws/xml_reader.hpp"
#include "bench/fixture_pages.hpp"
#include "tests/support/log_events_reference.hpp"

namespace {

// The captured reservation repeated with distinct instance ids and Name tags.
std::string describe_instances_xml(int n) { return opsdeck::bench::describe_instances_page(0, n, ""); }

std::string filter_log_events_json(int n) {
  std::string body = R"({"events":[)";
  for (int i = 0; i < n; ++i) {
    if (i) body += ',';
    body += fmt::format(
        R"({{"logStreamName":"i-0abc/app","timestamp":{},"message":"2026-11-22T03:{:02}:{:02}Z INFO request id={} path=/api/v1/orders status=200 latency_ms={} ✓","ingestionTime":{},"eventId":"{:056d}"}})",
        1795316857000LL + i, (i / 60) % 60, i % 60, i, i % 997, 1795316858000LL + i, i);
  }
  body += R"(],"searchedLogStreams":[],"nextToken":"next-page-token"})";
  return body;
}

void BM_ParseDescribeInstances1000(benchmark::State& state) {
  const std::string body = describe_instances_xml(1000);
  for (auto _ : state) {
    auto page = opsdeck::aws::parse_describe_instances(body);
    if (!page.ok() || page->instances.size() != 1000) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
  state.counters["instances/s"] = benchmark::Counter(1000.0 * static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseDescribeInstances1000)->Unit(benchmark::kMillisecond);

// The same parse, then every instance's raw document built (what `d` on each row would
// do): the cost the lazy documents defer, paid in full.
void BM_ParseDescribeInstances1000AllRaw(benchmark::State& state) {
  const std::string body = describe_instances_xml(1000);
  for (auto _ : state) {
    auto page = opsdeck::aws::parse_describe_instances(body);
    if (!page.ok() || page->instances.size() != 1000) state.SkipWithError("parse failed");
    std::size_t keys = 0;
    for (const auto& i : page->instances) keys += i.raw.get().size();
    benchmark::DoNotOptimize(keys);
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
  state.counters["instances/s"] = benchmark::Counter(1000.0 * static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseDescribeInstances1000AllRaw)->Unit(benchmark::kMillisecond);

// Where BM_ParseDescribeInstances1000's time goes (measurements only): the pugixml parse
// alone, and the parse plus the raw JSON document of each instance (xml_to_json, what the
// detail view keeps). Typed rows alone cost about the full parse minus the raw documents.
void BM_DescribeInstances1000XmlOnly(benchmark::State& state) {
  const std::string body = describe_instances_xml(1000);
  for (auto _ : state) {
    auto doc = opsdeck::aws::parse_xml(body, "ec2:DescribeInstances");
    if (!doc.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_DescribeInstances1000XmlOnly)->Unit(benchmark::kMillisecond);

void BM_DescribeInstances1000XmlAndRawJson(benchmark::State& state) {
  const std::string body = describe_instances_xml(1000);
  for (auto _ : state) {
    auto doc = opsdeck::aws::parse_xml(body, "ec2:DescribeInstances");
    if (!doc.ok()) state.SkipWithError("parse failed");
    // Kept until the page goes, as Ec2Instance::raw is: freeing 1,000 documents at once is
    // part of the cost.
    std::vector<nlohmann::json> raws;
    for (auto res : doc->root().child("reservationSet").children("item"))
      for (auto item : res.child("instancesSet").children("item")) {
        auto raw = opsdeck::aws::xml_to_json(item, "ec2:DescribeInstances");
        if (!raw.ok()) state.SkipWithError("xml_to_json failed");
        raws.push_back(std::move(*raw));
      }
    if (raws.size() != 1000) state.SkipWithError("not 1000 instances");
    benchmark::DoNotOptimize(raws);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_DescribeInstances1000XmlAndRawJson)->Unit(benchmark::kMillisecond);

// A FilterLogEvents page parsed as the client hands it over: a std::string whose spare
// capacity covers simdjson's padding (the HTTP body grows by doubling), read in place.
void parse_log_events_page(benchmark::State& state, int n, bool in_place) {
  std::string body = filter_log_events_json(n);
  body.reserve(body.size() + 64);
  const std::string_view view = body;
  for (auto _ : state) {
    auto page = in_place ? opsdeck::aws::parse_filter_log_events(body) : opsdeck::aws::parse_filter_log_events(view);
    if (!page.ok() || page->events.size() != static_cast<std::size_t>(n)) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_ParseFilterLogEvents10000(benchmark::State& state) { parse_log_events_page(state, 10000, true); }
BENCHMARK(BM_ParseFilterLogEvents10000)->Unit(benchmark::kMillisecond);

// The same page from a std::string_view: one copy into a padded buffer first.
void BM_ParseFilterLogEvents10000Copy(benchmark::State& state) { parse_log_events_page(state, 10000, false); }
BENCHMARK(BM_ParseFilterLogEvents10000Copy)->Unit(benchmark::kMillisecond);

// 100,000 events (~24 MB; the service sends at most 1 MB a page): past the 4 MB a thread
// keeps a parser for, so each parse allocates a parser of its own (fresh pages each time).
void BM_ParseFilterLogEvents100000(benchmark::State& state) { parse_log_events_page(state, 100000, true); }
BENCHMARK(BM_ParseFilterLogEvents100000)->Unit(benchmark::kMillisecond);

// The parser before simdjson (nlohmann DOM + tolerant readers), kept in tests/ as the
// differential test's reference: the "before" figure, measured in the same run.
void BM_ParseFilterLogEvents10000Reference(benchmark::State& state) {
  const std::string body = filter_log_events_json(10000);
  for (auto _ : state) {
    auto page = opsdeck::testing::reference_filter_log_events(body);
    if (!page.ok() || page->events.size() != 10000) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(page);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
  state.counters["events/s"] = benchmark::Counter(10000.0 * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseFilterLogEvents10000Reference)->Unit(benchmark::kMillisecond);

}  // namespace
