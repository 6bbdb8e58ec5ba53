#pragma once
// A TCP server on 127.0.0.1 for port-forward tests, one thread per connection:
// - Echo: every byte comes back until the client closes.
// - Sink: the client sends an 8-byte little-endian length, then that many bytes; the server
//   answers with the lowercase hex SHA-256 of those bytes (64 characters) and waits for the
//   client to close. Nothing is kept but the running digest.
// Stopped (listener closed, connections shut down, threads joined) with the object. Test
// thread only; connections() is safe from any thread.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace opsdeck::testing {

class EchoServer {
 public:
  enum class Mode { Echo, Sink };
  // port 0: the system picks one.
  explicit EchoServer(Mode mode = Mode::Echo, int port = 0);
  ~EchoServer();
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  bool ok() const { return fd_ >= 0; }
  int port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  void serve(int fd);

  Mode mode_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> open_;  // client sockets, shut down on stop
  std::vector<std::thread> workers_;
};

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Connects to 127.0.0.1:port with a receive timeout; -1 on failure.
int connect_loopback(int port, int receive_timeout_s = 30);

}  // namespace opsdeck::testing
