#include "app/fleet/endpoint_limiter.hpp"

#include <algorithm>
#include <utility>

namespace opsdeck::app {

std::shared_ptr<EndpointLimiter> EndpointLimiter::create(int per_endpoint) {
  return std::shared_ptr<EndpointLimiter>(new EndpointLimiter(std::max(1, per_endpoint)));
}

aws::AsyncCaller EndpointLimiter::wrap(aws::AsyncCaller call, EndpointOf endpoint_of) {
  auto self = shared_from_this();
  return [self, call = std::move(call), endpoint_of = std::move(endpoint_of)](const aws::AwsRequest& request,
                                                                              aws::ResponseCallback done) {
    std::string endpoint = endpoint_of(request);
    self->start(endpoint, [self, call, endpoint, request, done = std::move(done)]() mutable {
      call(request, [self, endpoint, done = std::move(done)](aws::Result<aws::HttpResponse> r) {
        self->finish(endpoint);  // frees the slot first: the next request overlaps this completion
        done(std::move(r));
      });
    });
  };
}

aws::AsyncCaller EndpointLimiter::wrap(aws::AwsClient& client) {
  return wrap(aws::async_caller(client), [&client](const aws::AwsRequest& r) {
    return r.service ? client.endpoint_for(*r.service) : std::string();
  });
}

int EndpointLimiter::peak(const std::string& endpoint) const {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(endpoint);
  return it == slots_.end() ? 0 : it->second.peak;
}

void EndpointLimiter::start(const std::string& endpoint, std::function<void()> run) {
  {
    std::lock_guard lock(mutex_);
    Slot& s = slots_[endpoint];
    if (s.in_flight >= per_endpoint_) {
      s.waiting.push_back(std::move(run));
      return;
    }
    ++s.in_flight;
    s.peak = std::max(s.peak, s.in_flight);
  }
  run();  // outside the lock: an inline caller completes (and finishes) before returning
}

void EndpointLimiter::finish(const std::string& endpoint) {
  std::function<void()> next;
  {
    std::lock_guard lock(mutex_);
    Slot& s = slots_[endpoint];
    if (s.waiting.empty()) {
      --s.in_flight;
      return;
    }
    next = std::move(s.waiting.front());  // the slot passes to it: in_flight stays
    s.waiting.pop_front();
  }
  next();
}

}  // namespace opsdeck::app
