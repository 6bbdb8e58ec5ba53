#include "tests/support/echo_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace opsdeck::testing {
namespace {

std::string hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

bool send_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

int connect_loopback(int port, int receive_timeout_s) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{receive_timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

EchoServer::EchoServer(Mode mode, int port) : mode_(mode) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 128) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] {
    for (;;) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) {
        if (stopping_) return;
        continue;
      }
      ++connections_;
      std::lock_guard lock(mu_);
      open_.push_back(c);
      workers_.emplace_back([this, c] { serve(c); });
    }
  });
}

EchoServer::~EchoServer() {
  stopping_ = true;
  if (fd_ >= 0) {
    ::shutdown(fd_, SHUT_RDWR);
    acceptor_.join();
    ::close(fd_);
  }
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    for (int c : open_) ::shutdown(c, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
}

void EchoServer::serve(int fd) {
  std::vector<char> buf(65536);
  if (mode_ == Mode::Echo) {
    ssize_t n;
    while ((n = ::recv(fd, buf.data(), buf.size(), 0)) > 0)
      if (!send_all(fd, buf.data(), static_cast<size_t>(n))) break;
  } else {
    unsigned char header[8];
    size_t got = 0;
    while (got < 8) {
      ssize_t n = ::recv(fd, header + got, 8 - got, 0);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got == 8) {
      uint64_t want = 0;
      for (int i = 7; i >= 0; --i) want = (want << 8) | header[i];
      EVP_MD_CTX* ctx = EVP_MD_CTX_new();
      EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
      uint64_t seen = 0;
      while (seen < want) {
        ssize_t n = ::recv(fd, buf.data(), std::min<uint64_t>(buf.size(), want - seen), 0);
        if (n <= 0) break;
        EVP_DigestUpdate(ctx, buf.data(), static_cast<size_t>(n));
        seen += static_cast<uint64_t>(n);
      }
      unsigned char md[32];
      unsigned int len = 0;
      EVP_DigestFinal_ex(ctx, md, &len);
      EVP_MD_CTX_free(ctx);
      if (seen == want) {
        std::string answer = hex(md, len);
        send_all(fd, answer.data(), answer.size());
        while (::recv(fd, buf.data(), buf.size(), 0) > 0) {
        }
      }
    }
  }
  std::lock_guard lock(mu_);
  open_.erase(std::remove(open_.begin(), open_.end(), fd), open_.end());
  ::close(fd);
}

}  // namespace opsdeck::testing
