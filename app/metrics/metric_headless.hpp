#pragma once
// The engine of `opsdeck metric NAMESPACE NAME [DIM=VALUE...] [--since 3h] [--stat S]
// [--period P] [--output text|json]`: one metric's datapoints over a range (GetMetricData,
// every page), printed oldest first as "TIME  VALUE" lines or one JSON document. Separated
// from CLI parsing so tests drive it with any SyncCaller and a fixed clock.
//
// Runs on the calling thread; writes datapoints to `out` and messages to `err`. Returns
// the exit code: 0 (also with no datapoints, which is said on `err`), 2 for bad words or
// flags, else exit_code_for(the AWS error).

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::app {

struct MetricCommandOptions {
  std::vector<std::string> words;  // NAMESPACE NAME DIM=VALUE... (a STAT and PERIOD may be among them)
  std::string since = "3h";
  std::string stat;  // "" : the words' or Average
  int period = 0;    // 0 : the words' or chosen from the range
  std::string output = "text";
};

int run_metric(const MetricCommandOptions& options, const aws::SyncCaller& call, std::int64_t now_ms,
               std::FILE* out, std::FILE* err);

}  // namespace opsdeck::app
