#pragma once
// Health checks after a deploy: GET each URL, compare the status and look for a body text;
// for https URLs also read the server certificate's expiry (warned under 14 days — one
// stack's certificate once expired silently). Blocking; call from a worker or headless.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/deploy/service_config.hpp"

namespace opsdeck::app {

struct HealthResult {
  std::string url;
  bool healthy = false;
  int status = 0;                     // 0 when no HTTP answer
  std::string detail;                 // "HTTP 503", "body lacks \"ok\"", "connection refused"
  std::optional<int> cert_days_left;  // https only
};

HealthResult probe_health(const HealthCheckSpec& spec,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Polls every check until all are healthy or `deadline` passes; `on_round` sees each round.
std::vector<HealthResult> wait_until_healthy(
    const std::vector<HealthCheckSpec>& specs, std::chrono::milliseconds deadline,
    std::chrono::milliseconds interval,
    const std::function<void(const std::vector<HealthResult>&)>& on_round = {});

constexpr int kCertWarnDays = 14;

}  // namespace opsdeck::app
