#include "tests/support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <list>
#include <optional>
#include <random>
#include <stdexcept>

namespace opsdeck::testing {

namespace {

constexpr std::size_t npos = std::string::npos;

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Value of a header in a header block (`head` = everything before the blank line), or none.
std::optional<std::string> header(const std::string& head, const std::string& name) {
  const std::string lname = lower(name);
  std::size_t pos = head.find("\r\n");
  while (pos != npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    std::size_t end = head.find("\r\n", start);
    if (end == npos) end = head.size();
    const std::string line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon != npos && lower(line.substr(0, colon)) == lname) {
      std::size_t v = colon + 1;
      while (v < line.size() && (line[v] == ' ' || line[v] == '\t')) ++v;
      std::size_t e = line.size();
      while (e > v && (line[e - 1] == ' ' || line[e - 1] == '\t')) --e;
      return line.substr(v, e - v);
    }
    pos = end;
  }
  return std::nullopt;
}

// Length of the first complete request in `in` (headers + Content-Length body), or 0.
std::size_t complete_request(const std::string& in, std::string& head) {
  const std::size_t end = in.find("\r\n\r\n");
  if (end == npos) return 0;
  head = in.substr(0, end);
  std::size_t body = 0;
  if (auto cl = header(head, "content-length")) body = std::stoul(*cl);
  return in.size() >= end + 4 + body ? end + 4 + body : 0;
}

// True once `resp` holds a whole response (or the upstream closed: `eof`).
bool complete_response(const std::string& resp, bool eof) {
  if (eof) return true;
  const std::size_t end = resp.find("\r\n\r\n");
  if (end == npos) return false;
  const std::string head = resp.substr(0, end);
  const std::size_t body_at = end + 4;
  const int status = head.size() > 12 ? std::atoi(head.c_str() + 9) : 0;
  if (status == 204 || status == 304 || (status >= 100 && status < 200)) return true;
  if (auto cl = header(head, "content-length")) return resp.size() >= body_at + std::stoul(*cl);
  if (auto te = header(head, "transfer-encoding"); te && lower(*te).find("chunked") != npos) {
    std::size_t p = body_at;
    for (;;) {
      const std::size_t line_end = resp.find("\r\n", p);
      if (line_end == npos) return false;
      const std::size_t size = std::stoul(resp.substr(p, line_end - p), nullptr, 16);
      if (size == 0) return resp.find("\r\n\r\n", line_end) != npos;  // trailers end
      p = line_end + 2 + size + 2;
      if (p > resp.size()) return false;
    }
  }
  return false;  // no framing: until the upstream closes
}

std::string error_response(int status, const char* reason, const char* type, const char* message) {
  const std::string body =
      std::string("{\"__type\":\"") + type + "\",\"message\":\"" + message + "\"}";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: "
         "fault-proxy\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

enum class Fault { None, DropBefore, DropAfter, Throttle, E500, E503 };

struct Conn {
  enum class State { ReadRequest, Upstream, WriteClient } state = State::ReadRequest;
  int client = -1;
  int upstream = -1;
  std::string in;         // bytes from the client not yet handled
  std::string to_up;      // request bytes still to send upstream
  std::string from_up;    // response bytes read from upstream
  std::string to_client;  // bytes still to send to the client
  bool drop_after = false;
  bool close_after_write = false;
  bool sent_continue = false;
  bool dead = false;
};

}  // namespace

struct FaultProxy::Impl {
  std::list<Conn> conns;
};

FaultProxy::FaultProxy(int upstream_port, FaultShares shares)
    : upstream_port_(upstream_port), shares_(shares) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 64) != 0)
    throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  set_nonblocking(listen_fd_);
  if (::pipe(stop_pipe_) != 0) throw std::runtime_error("fault proxy: pipe");
  thread_ = std::thread([this] { run(); });
}

FaultProxy::~FaultProxy() {
  (void)!::write(stop_pipe_[1], "x", 1);
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

FaultCounts FaultProxy::counts() const {
  return {requests_.load(), forwarded_.load(), drop_before_.load(), drop_after_.load(),
          throttle_.load(), error_500_.load(), error_503_.load()};
}

void FaultProxy::run() {
  Impl impl;
  std::mt19937 rng(shares_.seed);
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  int seen = 0;

  auto draw = [&]() -> Fault {
    const double x = uni(rng);  // drawn for every request, so the sequence depends only on order
    if (seen++ < shares_.clean_first || !enabled_.load()) return Fault::None;
    double acc = shares_.drop_before;
    if (x < acc) return Fault::DropBefore;
    if (x < (acc += shares_.drop_after)) return Fault::DropAfter;
    if (x < (acc += shares_.throttle)) return Fault::Throttle;
    if (x < (acc += shares_.error_500)) return Fault::E500;
    if (x < (acc += shares_.error_503)) return Fault::E503;
    return Fault::None;
  };

  auto close_conn = [](Conn& c) {
    if (c.client >= 0) ::close(c.client);
    if (c.upstream >= 0) ::close(c.upstream);
    c.client = c.upstream = -1;
    c.dead = true;
  };

  // Handles the next complete request in c.in, if any.
  auto next_request = [&](Conn& c) {
    std::string head;
    const std::size_t n = complete_request(c.in, head);
    if (n == 0) {
      // curl waits for "100 Continue" before sending a large body.
      if (!head.empty() && !c.sent_continue) {
        auto ex = header(head, "expect");
        if (ex && lower(*ex) == "100-continue") {
          c.sent_continue = true;
          c.to_client = "HTTP/1.1 100 Continue\r\n\r\n";
          c.state = Conn::State::WriteClient;
        }
      }
      return;
    }
    c.sent_continue = false;
    std::string request = c.in.substr(0, n);
    c.in.erase(0, n);
    ++requests_;
    auto conn_hdr = header(head, "connection");
    c.close_after_write = conn_hdr && lower(*conn_hdr) == "close";
    switch (draw()) {
      case Fault::DropBefore:
        ++drop_before_;
        close_conn(c);
        return;
      case Fault::Throttle:
        ++throttle_;
        c.to_client = error_response(400, "Bad Request", "ThrottlingException", "Rate exceeded");
        c.state = Conn::State::WriteClient;
        return;
      case Fault::E500:
        ++error_500_;
        c.to_client = error_response(500, "Internal Server Error", "InternalFailure", "injected");
        c.state = Conn::State::WriteClient;
        return;
      case Fault::E503:
        ++error_503_;
        c.to_client =
            error_response(503, "Service Unavailable", "ServiceUnavailableException", "injected");
        c.state = Conn::State::WriteClient;
        return;
      case Fault::DropAfter:
        c.drop_after = true;
        [[fallthrough]];
      case Fault::None:
        break;
    }
    c.upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(upstream_port_));
    if (::connect(c.upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close_conn(c);  // upstream down: the client sees a dropped connection
      return;
    }
    set_nonblocking(c.upstream);
    ++forwarded_;
    c.to_up = std::move(request);
    c.from_up.clear();
    c.state = Conn::State::Upstream;
  };

  auto upstream_done = [&](Conn& c, bool eof) {
    ::close(c.upstream);
    c.upstream = -1;
    if (c.drop_after) {
      ++drop_after_;
      close_conn(c);
      return;
    }
    const std::size_t end = c.from_up.find("\r\n\r\n");
    auto conn_hdr = header(end == npos ? c.from_up : c.from_up.substr(0, end), "connection");
    if (eof || (conn_hdr && lower(*conn_hdr) == "close")) c.close_after_write = true;
    c.to_client = std::move(c.from_up);
    c.state = Conn::State::WriteClient;
  };

  char buf[65536];
  for (;;) {
    std::vector<pollfd> fds = {{stop_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    std::vector<std::pair<Conn*, bool>> owners;  // (conn, is_upstream) for fds[2..]
    for (auto& c : impl.conns) {
      if (c.state == Conn::State::ReadRequest) {
        fds.push_back({c.client, POLLIN, 0});
        owners.emplace_back(&c, false);
      } else if (c.state == Conn::State::WriteClient) {
        fds.push_back({c.client, POLLOUT, 0});
        owners.emplace_back(&c, false);
      } else {
        fds.push_back({c.upstream, static_cast<short>(c.to_up.empty() ? POLLIN : POLLOUT), 0});
        owners.emplace_back(&c, true);
      }
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents) break;
    if (fds[1].revents & POLLIN) {
      for (;;) {
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) break;
        set_nonblocking(fd);
        Conn c;
        c.client = fd;
        impl.conns.push_back(std::move(c));
      }
    }
    for (std::size_t i = 2; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      Conn& c = *owners[i - 2].first;
      if (c.dead) continue;
      if (owners[i - 2].second) {  // upstream
        if (!c.to_up.empty()) {
          const ssize_t w = ::send(c.upstream, c.to_up.data(), c.to_up.size(), MSG_NOSIGNAL);
          if (w < 0 && errno != EAGAIN)
            close_conn(c);
          else if (w > 0)
            c.to_up.erase(0, static_cast<std::size_t>(w));
          continue;
        }
        const ssize_t r = ::recv(c.upstream, buf, sizeof buf, 0);
        if (r < 0 && errno == EAGAIN) continue;
        if (r > 0) c.from_up.append(buf, static_cast<std::size_t>(r));
        if (r <= 0 || complete_response(c.from_up, false)) upstream_done(c, r <= 0);
        continue;
      }
      if (c.state == Conn::State::ReadRequest) {
        const ssize_t r = ::recv(c.client, buf, sizeof buf, 0);
        if (r < 0 && errno == EAGAIN) continue;
        if (r <= 0) {
          close_conn(c);
          continue;
        }
        c.in.append(buf, static_cast<std::size_t>(r));
        next_request(c);
        continue;
      }
      // WriteClient
      const ssize_t w = ::send(c.client, c.to_client.data(), c.to_client.size(), MSG_NOSIGNAL);
      if (w < 0 && errno != EAGAIN) {
        close_conn(c);
        continue;
      }
      if (w > 0) c.to_client.erase(0, static_cast<std::size_t>(w));
      if (c.to_client.empty()) {
        if (c.close_after_write) {
          close_conn(c);
          continue;
        }
        c.state = Conn::State::ReadRequest;
        next_request(c);  // a pipelined request may already be buffered
      }
    }
    impl.conns.remove_if([](const Conn& c) { return c.dead; });
  }
  for (auto& c : impl.conns) close_conn(c);
}

}  // namespace opsdeck::testing
