#include "tests/support/slow_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>
#include <utility>

namespace opsdeck::testing {

namespace {

// Reads one request (headers and a Content-Length body) or gives up after `ms` of silence.
bool read_request(int fd, int ms) {
  std::string data;
  char buf[16384];
  std::size_t header_end = std::string::npos;
  std::size_t content_length = 0;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::string head = data.substr(0, header_end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto at = head.find("\r\ncontent-length:");
      if (at != std::string::npos) content_length = std::stoul(head.substr(at + 17));
    }
    if (data.size() >= header_end + 4 + content_length) return true;
  }
}

bool send_all(int fd, const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string SlowHttpServer::head_for(int status, const std::string& content_type, std::size_t content_length) {
  return "HTTP/1.1 " + std::to_string(status) + " Status\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(content_length) + "\r\nConnection: close\r\n\r\n";
}

SlowHttpServer::SlowHttpServer(std::string head, char byte, std::chrono::milliseconds interval)
    : head_(std::move(head)), byte_(byte), interval_(interval) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
    throw std::runtime_error("slow server: bind/listen failed");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe(stop_pipe_) != 0) throw std::runtime_error("slow server: pipe failed");
  acceptor_ = std::thread([this] { accept_loop(); });
}

SlowHttpServer::~SlowHttpServer() {
  char c = 'x';
  (void)!::write(stop_pipe_[1], &c, 1);  // never read: every poll on it sees it readable
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads = std::move(connections_);
  }
  for (auto& t : threads) t.join();
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1]})
    if (fd >= 0) ::close(fd);
}

bool SlowHttpServer::stopping(int wait_ms) const {
  pollfd p{stop_pipe_[0], POLLIN, 0};
  return ::poll(&p, 1, wait_ms) > 0;
}

void SlowHttpServer::accept_loop() {
  for (;;) {
    pollfd fds[2] = {{stop_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[0].revents) return;
    if (!(fds[1].revents & POLLIN)) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void SlowHttpServer::serve(int fd) {
  if (read_request(fd, 5000)) {
    ++requests_;
    if (send_all(fd, head_)) {
      const std::string one(1, byte_);
      const int wait_ms = static_cast<int>(interval_.count());
      while (!stopping(wait_ms)) {
        if (!send_all(fd, one)) {
          ++abandoned_;
          break;
        }
      }
    }
  }
  ::close(fd);
}

}  // namespace opsdeck::testing
