#include "tests/support/loopback_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace opsdeck::testing {

namespace {

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

void write_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

}  // namespace

const std::string* CapturedRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return &v;
  return nullptr;
}

std::string LoopbackHttpServer::response(int status, const std::string& body, const aws::HeaderList& headers,
                                         const std::string& content_type) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  out += "Content-Type: " + content_type + "\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  return out + body;
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler, KeepAlive keep_alive)
    : handler_(std::move(handler)), keep_alive_(keep_alive == KeepAlive::On) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0)
    throw std::runtime_error("loopback server: bind/listen failed");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe(stop_pipe_) != 0) throw std::runtime_error("loopback server: pipe failed");
  thread_ = std::thread([this] { serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  if (stop_pipe_[1] >= 0) {
    char c = 'x';
    (void)!::write(stop_pipe_[1], &c, 1);
  }
  if (thread_.joinable()) thread_.join();
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1]})
    if (fd >= 0) ::close(fd);
}

std::vector<CapturedRequest> LoopbackHttpServer::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void LoopbackHttpServer::serve() {
  std::vector<int> open;  // kept-alive connections waiting for their next request
  for (;;) {
    std::vector<pollfd> fds = {{stop_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    for (int fd : open) fds.push_back({fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents) break;
    std::vector<int> still;
    for (std::size_t i = 2; i < fds.size(); ++i) {
      int fd = fds[i].fd;
      if (fds[i].revents && !handle(fd)) ::close(fd);
      else still.push_back(fd);
    }
    open = std::move(still);
    if (!(fds[1].revents & POLLIN)) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++accepts_;
    if (handle(fd) && keep_alive_) open.push_back(fd);
    else ::close(fd);
  }
  for (int fd : open) ::close(fd);
}

bool LoopbackHttpServer::handle(int fd) {
  std::string data;
  char buf[16384];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  CapturedRequest req;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::string head = data.substr(0, header_end);
      size_t line_end = head.find("\r\n");
      std::string first = head.substr(0, line_end);
      auto sp1 = first.find(' ');
      auto sp2 = first.find(' ', sp1 + 1);
      req.method = first.substr(0, sp1);
      req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
      size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string k = line.substr(0, colon);
          for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          std::string v = line.substr(colon + 1);
          while (!v.empty() && v.front() == ' ') v.erase(0, 1);
          if (k == "content-length") content_length = std::stoul(v);
          req.headers.emplace_back(k, v);
        }
        pos = e + 2;
      }
    }
    if (data.size() >= header_end + 4 + content_length) break;
  }
  req.body = data.substr(header_end + 4, content_length);
  {
    std::lock_guard lock(mu_);
    requests_.push_back(req);
  }
  ++count_;
  std::string out = handler_(req);
  if (out.empty()) return false;
  if (keep_alive_) {
    auto at = out.find("Connection: close\r\n");
    auto head_end = out.find("\r\n\r\n");
    if (at != std::string::npos && at < head_end) out.replace(at, 17, "Connection: keep-alive");
  }
  write_all(fd, out);
  return keep_alive_;
}

}  // namespace opsdeck::testing
