#pragma once
// FaultProxy: an HTTP/1.1 forwarding proxy on 127.0.0.1 that injects faults, for tests
// that must prove "exactly once" through real network failures.
//
// Clients point their endpoint URL at url(); each request is read whole (headers plus
// Content-Length body) and then, by a seeded random draw, either forwarded byte for byte
// to the upstream (moto_server) on a fresh connection, or faulted:
//   - drop_before: the client connection is closed; the upstream never sees the request;
//   - drop_after:  forwarded, the upstream does the work, then the client connection is
//                  closed without a reply (the response is lost);
//   - throttle:    400 with the awsJson1_1 body {"__type":"ThrottlingException",...};
//   - error_500 / error_503: an InternalFailure / ServiceUnavailable JSON error body.
// The request bytes are never changed, so SigV4 signatures (the client signed for the
// proxy's host:port, and the upstream checks the Host header it receives) still verify.
// Upstream responses are relayed unchanged (Content-Length, chunked or until close).
// The same seed and the same request order give the same faults.
//
// Threads: one proxy thread (poll over every socket) owns all connections; the counters
// may be read from any thread. The destructor stops and joins the thread.

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace opsdeck::testing {

struct FaultShares {
  double drop_before = 0;  // each a probability per request; their sum must be <= 1
  double drop_after = 0;
  double throttle = 0;
  double error_500 = 0;
  double error_503 = 0;
  std::uint32_t seed = 1;
  // The first `clean_first` requests are never faulted (lets a fixture set up through it).
  int clean_first = 0;
};

struct FaultCounts {
  int requests = 0;   // complete requests received from clients
  int forwarded = 0;  // sent upstream (includes drop_after)
  int drop_before = 0;
  int drop_after = 0;
  int throttle = 0;
  int error_500 = 0;
  int error_503 = 0;
  int faults() const { return drop_before + drop_after + throttle + error_500 + error_503; }
};

class FaultProxy {
 public:
  FaultProxy(int upstream_port, FaultShares shares);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  FaultCounts counts() const;
  // Stops or resumes injecting (requests are then all forwarded); thread-safe.
  void set_enabled(bool on) { enabled_.store(on); }

 private:
  struct Impl;
  void run();

  int upstream_port_;
  FaultShares shares_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> enabled_{true};
  std::atomic<int> requests_{0}, forwarded_{0}, drop_before_{0}, drop_after_{0}, throttle_{0},
      error_500_{0}, error_503_{0};
  std::thread thread_;
};

}  // namespace opsdeck::testing
