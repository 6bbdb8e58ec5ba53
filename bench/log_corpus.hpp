#pragma once
// A deterministic mix of realistic log lines (~130 bytes on average): nginx access lines,
// JSON application lines, plain text with levels, ALB lines. Shared by the log benches.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace opsdeck::bench {

inline std::vector<std::string> log_corpus(std::size_t n) {
  std::mt19937 rng(42);
  std::vector<std::string> out;
  out.reserve(n);
  const char* paths[] = {"/api/v1/users", "/api/v1/orders/8812", "/healthz", "/static/app.js", "/login"};
  const int statuses[] = {200, 200, 200, 200, 201, 304, 404, 500, 502, 200};
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned r = rng();
    switch (r % 4) {
      case 0:
        out.push_back(fmt::format(R"(10.0.{}.{} - - [21/Nov/2026:10:{:02}:{:02} +0000] "GET {} HTTP/1.1" {} {} "-" "curl/8.5" rt={}.{:03})",
                                  r % 250, (r >> 8) % 250, (r >> 3) % 60, (r >> 5) % 60, paths[(r >> 7) % 5],
                                  statuses[(r >> 11) % 10], (r >> 13) % 9000, (r >> 17) % 3, (r >> 19) % 1000));
        break;
      case 1:
        out.push_back(fmt::format(R"({{"level":"{}","ts":"2026-11-21T10:00:{:02}Z","msg":"order {} processed","latency_ms":{},"user":"u-{}"}})",
                                  (r >> 9) % 17 == 0 ? "error" : "info", (r >> 3) % 60, (r >> 5) % 100000,
                                  (r >> 11) % 900, (r >> 13) % 5000));
        break;
      case 2:
        out.push_back(fmt::format("2026-11-21 10:00:{:02},{:03} {} [worker-{}] payment.Service - charge {} done in {} ms",
                                  (r >> 3) % 60, (r >> 7) % 1000, (r >> 9) % 23 == 0 ? "ERROR" : "INFO ", (r >> 12) % 16,
                                  (r >> 14) % 1000000, (r >> 20) % 400));
        break;
      default:
        out.push_back(fmt::format("https 2026-11-21T10:00:{:02}.{:06}Z app/prod-alb/50dc6c495c0c9188 10.1.{}.{}:443 "
                                  "10.0.0.{}:80 0.000 0.{:03} 0.000 {} {} 34 366",
                                  (r >> 3) % 60, (r >> 5) % 1000000, (r >> 9) % 250, (r >> 12) % 250, (r >> 14) % 250,
                                  (r >> 16) % 1000, statuses[(r >> 20) % 10], statuses[(r >> 20) % 10]));
    }
  }
  return out;
}

}  // namespace opsdeck::bench
