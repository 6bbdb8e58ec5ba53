#pragma once
// A non-blocking TCP connect with a deadline, driven from the SSH worker's poll loop.
// Name resolution (getaddrinfo) happens in start() and may block briefly; addresses are
// tried in order until one connects or the deadline passes. Worker thread only.

#include <netdb.h>

#include <string>
#include <vector>

#include "aws/result.hpp"
#include "ssh/ssh_worker.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {

class TcpConnector {
 public:
  enum class State { InProgress, Connected, Failed };

  aws::Result<void> start(const std::string& host, int port, Clock::time_point deadline);
  // Advances; on Connected take the socket with take_fd(), on Failed read error().
  State poll_state();
  int fd() const { return fd_.get(); }
  UniqueFd take_fd() { return std::move(fd_); }
  const aws::Error& error() const { return error_; }
  Clock::time_point deadline() const { return deadline_; }

 private:
  bool try_next();

  std::string host_;
  int port_ = 0;
  std::vector<std::pair<sockaddr_storage, socklen_t>> addrs_;
  size_t next_ = 0;
  UniqueFd fd_;
  Clock::time_point deadline_;
  aws::Error error_;
  std::string last_errno_;
  std::string fenced_;  // an address the network fence refused (aws/network_fence.hpp)
};

}  // namespace opsdeck::ssh
