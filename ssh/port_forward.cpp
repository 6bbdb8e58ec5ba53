#include "ssh/port_forward.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace opsdeck::ssh {

aws::Result<std::pair<UniqueFd, int>> listen_loopback(int port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return aws::make_error(aws::ErrorKind::Internal, std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd.get(), 64) != 0)
    return aws::make_error(aws::ErrorKind::Usage,
                           "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno),
                           "pick another local port, or 0 for any free one");
  socklen_t len = sizeof a;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
  return std::make_pair(std::move(fd), static_cast<int>(ntohs(a.sin_port)));
}

PortForwardListener::PortForwardListener(int id, ForwardSpec spec, UniqueFd listening, int local_port,
                                         SubmitFn submit)
    : id_(id), spec_(std::move(spec)), listening_(std::move(listening)), local_port_(local_port),
      submit_(std::move(submit)) {}

ForwardInfo PortForwardListener::info() const {
  ForwardInfo i;
  i.id = id_;
  i.local_port = local_port_;
  i.remote_host = spec_.remote_host;
  i.remote_port = spec_.remote_port;
  i.via = (spec_.via.user.empty() ? std::string{} : spec_.via.user + "@") + spec_.via.hostname + ":" +
          std::to_string(spec_.via.port);
  i.open_connections = counters_->open_connections;
  i.total_connections = counters_->total_connections;
  i.failed_connections = counters_->failed_connections;
  i.last_failure = counters_->last_failure();
  i.bytes_to_remote = counters_->bytes_to_remote;
  i.bytes_to_local = counters_->bytes_to_local;
  return i;
}

void PortForwardListener::fill_poll(std::vector<pollfd>& fds, Clock::time_point&) {
  if (listening_.valid()) fds.push_back(pollfd{listening_.get(), POLLIN, 0});
}

void PortForwardListener::shutdown() {
  listening_.reset();
  for (auto& w : connections_)
    if (auto c = w.lock()) c->close();
  connections_.clear();
  closed_ = true;
}

void PortForwardListener::step() {
  if (closed_) return;
  if (close_requested_) {
    shutdown();
    return;
  }
  for (;;) {
    int fd = ::accept4(listening_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) break;  // EAGAIN, or a transient error: try again on the next wakeup
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto conn = std::make_shared<ForwardedConnection>(UniqueFd(fd), spec_.remote_host, spec_.remote_port, counters_);
    connections_.push_back(conn);
    submit_(std::move(conn));
  }
  connections_.erase(std::remove_if(connections_.begin(), connections_.end(),
                                    [](const auto& w) { return w.expired(); }),
                     connections_.end());
}

}  // namespace opsdeck::ssh
