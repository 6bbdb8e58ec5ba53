#include "aws/retry_quota.hpp"

#include <algorithm>

namespace opsdeck::aws {

int RetryQuota::cost_of(const Error& e) { return e.kind == ErrorKind::Timeout ? kTimeoutRetryCost : kRetryCost; }

int RetryQuota::acquire(const Error& e) {
  const int cost = cost_of(e);
  int have = available_.load();
  while (have >= cost) {
    if (available_.compare_exchange_weak(have, have - cost)) return cost;
  }
  return 0;
}

void RetryQuota::on_success(int retry_cost) {
  const int give = retry_cost > 0 ? retry_cost : kNoRetryIncrement;
  int have = available_.load();
  while (have < capacity_) {
    if (available_.compare_exchange_weak(have, std::min(capacity_, have + give))) return;
  }
}

}  // namespace opsdeck::aws
