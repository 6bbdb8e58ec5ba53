#include "aws/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <random>

namespace opsdeck::aws {

namespace {

constexpr std::array<std::string_view, 14> kThrottling = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException"};
constexpr std::array<std::string_view, 3> kTransient = {"RequestTimeout", "RequestTimeoutException",
                                                        "PriorRequestNotComplete"};

double default_random() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

}  // namespace

bool is_throttling_code(std::string_view code) {
  return std::find(kThrottling.begin(), kThrottling.end(), code) != kThrottling.end();
}

bool is_transient_code(std::string_view code) {
  return std::find(kTransient.begin(), kTransient.end(), code) != kTransient.end();
}

bool is_retryable(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout: return e.retryable;
    case ErrorKind::Cancelled:
    case ErrorKind::ReadOnly:
    case ErrorKind::Usage:
    case ErrorKind::Missing:
    case ErrorKind::Internal:
    case ErrorKind::Credentials: return false;
    default: break;
  }
  if (is_throttling_code(e.code) || is_transient_code(e.code)) return true;
  int s = e.http_status;
  return s == 500 || s == 502 || s == 503 || s == 504;
}

RetryPolicy::RetryPolicy(int max_attempts, Random random)
    : max_attempts_(std::max(1, max_attempts)), random_(random ? std::move(random) : Random(default_random)) {}

bool RetryPolicy::should_retry(const Error& e, int attempts_done) const {
  return attempts_done < max_attempts_ && is_retryable(e);
}

std::chrono::milliseconds RetryPolicy::delay(int attempts_done, const Error& e,
                                             std::optional<std::chrono::milliseconds> retry_after) const {
  double base = is_throttling_code(e.code) ? 1000.0 : 50.0;
  double cap = std::min(base * static_cast<double>(1u << std::min(attempts_done - 1, 20)), 20000.0);
  double ms = random_() * cap;
  if (retry_after) ms = std::clamp(static_cast<double>(retry_after->count()), ms, ms + 5000.0);
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace opsdeck::aws
