// Local port forwards through a real sshd to a tiny echo server on loopback: data both
// ways (1 MiB, several connections at once), listing, closing, and a refused remote port.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "ssh/ssh_client.hpp"
#include "tests/support/ssh_test_client.hpp"

using namespace opsdeck;
using namespace opsdeck::testing;

namespace {

// Accepts connections on 127.0.0.1 and echoes every byte back until the peer closes.
class EchoServer {
 public:
  EchoServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::thread([c] {
          char buf[8192];
          ssize_t n;
          while ((n = ::recv(c, buf, sizeof buf, 0)) > 0)
            if (::send(c, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) break;
          ::close(c);
        }).detach();
      }
    });
  }
  ~EchoServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Sends `payload` through the forward (from a writer thread) and reads the echo back.
std::string round_trip(int port, const std::string& payload) {
  int fd = connect_loopback(port);
  if (fd < 0) return "<connect failed>";
  std::thread writer([&] {
    size_t off = 0;
    while (off < payload.size()) {
      auto n = ::send(fd, payload.data() + off, payload.size() - off, MSG_NOSIGNAL);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
  });
  std::string got;
  char buf[65536];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, static_cast<size_t>(n));
  writer.join();
  ::close(fd);
  return got;
}

ssh::ForwardSpec spec_to(const SshdServer& sshd, int remote_port) {
  ssh::ForwardSpec s;
  s.via = fixture_host(sshd);
  s.remote_host = "127.0.0.1";
  s.remote_port = remote_port;
  return s;
}

}  // namespace

TEST(SshForward, CarriesDataBothWaysOnSeveralConnections) {
  SshdServer sshd;
  EchoServer echo;
  ssh::SshClient client(fixture_options(sshd));
  auto fwd = client.open_forward(spec_to(sshd, echo.port()));
  ASSERT_TRUE(fwd) << fwd.error().describe();
  ASSERT_GT(fwd->local_port, 0);
  EXPECT_NE(fwd->local_port, echo.port());

  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  EXPECT_EQ(round_trip(fwd->local_port, "hello through ssh\n"), "hello through ssh\n");
  EXPECT_TRUE(round_trip(fwd->local_port, big) == big);

  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < 5; ++i)
    threads.emplace_back([&, i] {
      std::string msg = "connection " + std::to_string(i) + std::string(10000, 'x');
      if (round_trip(fwd->local_port, msg) == msg) ++good;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 5);

  auto list = client.forwards();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].remote_port, echo.port());
  EXPECT_GE(list[0].bytes_to_remote, big.size());
  EXPECT_GE(list[0].bytes_to_local, big.size());
  EXPECT_EQ(list[0].total_connections, 7u);
  EXPECT_EQ(list[0].failed_connections, 0u);
  EXPECT_EQ(list[0].last_failure, "");
  EXPECT_EQ(client.connection_count(fixture_host(sshd)), 1u);  // forwards share the connection
}

TEST(SshForward, ClosedForwardStopsListening) {
  SshdServer sshd;
  EchoServer echo;
  ssh::SshClient client(fixture_options(sshd));
  auto fwd = client.open_forward(spec_to(sshd, echo.port()));
  ASSERT_TRUE(fwd);
  EXPECT_EQ(round_trip(fwd->local_port, "x"), "x");
  EXPECT_TRUE(client.close_forward(fwd->id));
  EXPECT_FALSE(client.close_forward(fwd->id));
  EXPECT_TRUE(client.forwards().empty());
  bool refused = false;
  for (int i = 0; i < 50 && !refused; ++i) {
    int fd = connect_loopback(fwd->local_port);
    refused = fd < 0;
    if (fd >= 0) ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(refused);
}

TEST(SshForward, RefusedRemotePortClosesTheLocalConnection) {
  SshdServer sshd;
  ssh::SshClient client(fixture_options(sshd));
  const int nobody = free_loopback_port();  // nothing listens there
  auto fwd = client.open_forward(spec_to(sshd, nobody));
  ASSERT_TRUE(fwd);
  EXPECT_EQ(round_trip(fwd->local_port, "anyone?"), "");
  auto list = client.forwards();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].failed_connections, 1u);
  EXPECT_EQ(list[0].total_connections, 1u);
  // Why, for the Forwards view: the far side could not be reached from the SSH server.
  EXPECT_NE(list[0].last_failure.find("could not open 127.0.0.1:" + std::to_string(nobody)), std::string::npos)
      << list[0].last_failure;
}

TEST(SshForward, BusyLocalPortIsReportedAtOnce) {
  SshdServer sshd;
  EchoServer echo;
  ssh::SshClient client(fixture_options(sshd));
  auto s = spec_to(sshd, echo.port());
  s.local_port = echo.port();  // already taken
  auto fwd = client.open_forward(s);
  ASSERT_FALSE(fwd);
  EXPECT_NE(fwd.error().message.find("cannot listen"), std::string::npos);
}
