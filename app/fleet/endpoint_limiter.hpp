#pragma once
// EndpointLimiter: at most N requests in flight to one endpoint, across every member of a
// fleet read. Members are separate Sessions with their own clients; on loopback, or when
// several accounts share a region, they all reach one endpoint, and a burst of one request
// per member per list would otherwise open a connection each. Requests over the limit wait
// in the order they were asked and start as earlier ones finish.
//
// Threads: any. wrap()'s caller may be called from any thread; a queued request is started
// on the thread whose request finished (an AWS IO thread: AwsClient::call never blocks).
// The completion runs where the wrapped caller runs it.
// Ownership: shared; every wrapped caller keeps the limiter alive.

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws/service_call.hpp"

namespace opsdeck::app {

class EndpointLimiter : public std::enable_shared_from_this<EndpointLimiter> {
 public:
  // Where a request goes: AwsClient::endpoint_for(*request.service) for a client.
  using EndpointOf = std::function<std::string(const aws::AwsRequest&)>;

  static std::shared_ptr<EndpointLimiter> create(int per_endpoint);

  // `call` with the limit applied.
  aws::AsyncCaller wrap(aws::AsyncCaller call, EndpointOf endpoint_of);
  // The same for a client's own caller (aws::async_caller); the client must outlive it.
  aws::AsyncCaller wrap(aws::AwsClient& client);

  int per_endpoint() const { return per_endpoint_; }
  // The most requests ever in flight at once to `endpoint` (tests, the bench).
  int peak(const std::string& endpoint) const;

 private:
  explicit EndpointLimiter(int per_endpoint) : per_endpoint_(per_endpoint) {}
  struct Slot {
    int in_flight = 0;
    int peak = 0;
    std::deque<std::function<void()>> waiting;
  };
  void start(const std::string& endpoint, std::function<void()> run);
  void finish(const std::string& endpoint);

  const int per_endpoint_;
  mutable std::mutex mutex_;
  std::map<std::string, Slot> slots_;
};

}  // namespace opsdeck::app
