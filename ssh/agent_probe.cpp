#include "ssh/agent_probe.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace opsdeck::ssh {

namespace {

constexpr unsigned char kRequestIdentities = 11;
constexpr unsigned char kIdentitiesAnswer = 12;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

aws::Error agent_error(const std::string& what) {
  return aws::make_error(aws::ErrorKind::Network, what, "start one with: eval \"$(ssh-agent)\" && ssh-add");
}

// Reads exactly `n` bytes before `deadline`.
bool read_all(int fd, unsigned char* out, size_t n, std::chrono::steady_clock::time_point deadline) {
  size_t got = 0;
  while (got < n) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t k = ::read(fd, out + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    got += static_cast<size_t>(k);
  }
  return true;
}

}  // namespace

aws::Result<int> count_agent_identities(const std::string& socket_path, std::chrono::milliseconds timeout) {
  sockaddr_un addr{};
  if (socket_path.empty() || socket_path.size() >= sizeof addr.sun_path)
    return agent_error("SSH_AUTH_SOCK is not a usable socket path");
  Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return agent_error(std::string("cannot create a socket: ") + std::strerror(errno));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
    return agent_error("no ssh-agent answers at " + socket_path + ": " + std::strerror(errno));
  const unsigned char request[5] = {0, 0, 0, 1, kRequestIdentities};
  if (::send(s.fd, request, sizeof request, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof request))
    return agent_error("the ssh-agent at " + socket_path + " closed the connection");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  unsigned char head[9];  // length, type, identity count
  if (!read_all(s.fd, head, 5, deadline)) return agent_error("the ssh-agent at " + socket_path + " did not answer");
  if (head[4] != kIdentitiesAnswer) return agent_error("the ssh-agent at " + socket_path + " refused to list identities");
  if (!read_all(s.fd, head + 5, 4, deadline)) return agent_error("the ssh-agent at " + socket_path + " did not answer");
  unsigned long count = (static_cast<unsigned long>(head[5]) << 24) | (static_cast<unsigned long>(head[6]) << 16) |
                        (static_cast<unsigned long>(head[7]) << 8) | head[8];
  return static_cast<int>(count > 100000 ? 100000 : count);
}

}  // namespace opsdeck::ssh
