#include "ssh/tcp_connector.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "aws/network_fence.hpp"

namespace opsdeck::ssh {

aws::Result<void> TcpConnector::start(const std::string& host, int port, Clock::time_point deadline) {
  host_ = host;
  port_ = port;
  deadline_ = deadline;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0) {
    error_ = aws::make_error(aws::ErrorKind::Network, "cannot resolve " + host + ": " + gai_strerror(rc),
                             "check the host name and your DNS");
    error_.retryable = true;
    return error_;
  }
  for (addrinfo* a = res; a; a = a->ai_next) {
    sockaddr_storage ss{};
    std::memcpy(&ss, a->ai_addr, a->ai_addrlen);
    addrs_.emplace_back(ss, a->ai_addrlen);
  }
  ::freeaddrinfo(res);
  if (!try_next()) return error_;
  return {};
}

bool TcpConnector::try_next() {
  while (next_ < addrs_.size()) {
    auto& [addr, len] = addrs_[next_++];
    if (!aws::connection_allowed(reinterpret_cast<const sockaddr*>(&addr))) {
      fenced_ = aws::address_text(reinterpret_cast<const sockaddr*>(&addr));
      continue;
    }
    UniqueFd fd(::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid()) continue;
    int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) == 0 || errno == EINPROGRESS) {
      fd_ = std::move(fd);
      return true;
    }
    last_errno_ = std::strerror(errno);
  }
  if (!fenced_.empty() && last_errno_.empty()) {  // every address was outside the fence
    error_ = aws::make_error(aws::ErrorKind::ReadOnly, aws::fence_refusal(fenced_) + " (" + host_ + ")", aws::kFenceHint);
    return false;
  }
  error_ = aws::make_error(aws::ErrorKind::Network,
                           "cannot connect to " + host_ + ":" + std::to_string(port_) +
                               (last_errno_.empty() ? "" : ": " + last_errno_),
                           "is sshd running and reachable on that port?");
  error_.retryable = true;
  return false;
}

TcpConnector::State TcpConnector::poll_state() {
  if (!fd_.valid()) return State::Failed;
  pollfd p{fd_.get(), POLLOUT, 0};
  if (::poll(&p, 1, 0) > 0) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err == 0) return State::Connected;
    last_errno_ = std::strerror(err);
    fd_.reset();
    return try_next() ? State::InProgress : State::Failed;
  }
  if (Clock::now() >= deadline_) {
    fd_.reset();
    error_ = aws::make_error(aws::ErrorKind::Timeout, "timed out connecting to " + host_ + ":" + std::to_string(port_),
                             "check security groups / firewalls, or raise ConnectTimeout");
    error_.retryable = true;
    return State::Failed;
  }
  return State::InProgress;
}

}  // namespace opsdeck::ssh
