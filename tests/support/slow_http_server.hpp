#pragma once
// SlowHttpServer: an HTTP endpoint on 127.0.0.1 whose answers never finish. Every request
// gets `head` (status line and headers, written at once) and then a body that trickles:
// one `byte` every `interval`, until the client closes the connection or the server is
// destroyed. For tests that a client's timeout ends such a transfer (LoopbackHttpServer
// answers with whole responses only).
//
// Each connection is served on its own thread, so concurrent requests (a list command asks
// an optional service next to the main one) are all kept waiting.
//
// Threads: the accept thread and the connection threads are the server's own; port(),
// url() and the counters may be read from any thread. The destructor wakes every thread,
// closes every connection and joins.

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace opsdeck::testing {

class SlowHttpServer {
 public:
  // `head` must end with the blank line ("...\r\n\r\n").
  explicit SlowHttpServer(std::string head, char byte = ' ',
                          std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~SlowHttpServer();
  SlowHttpServer(const SlowHttpServer&) = delete;
  SlowHttpServer& operator=(const SlowHttpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Requests read so far (one per connection).
  int request_count() const { return requests_.load(); }
  // Connections whose client went away while the body was still trickling.
  int abandoned_count() const { return abandoned_.load(); }

  // A head with a status, a content type and a Content-Length the trickle never reaches.
  static std::string head_for(int status, const std::string& content_type, std::size_t content_length = 1'000'000);

 private:
  void accept_loop();
  void serve(int fd);
  bool stopping(int wait_ms) const;

  std::string head_;
  char byte_;
  std::chrono::milliseconds interval_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::atomic<int> abandoned_{0};
  std::mutex mu_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

}  // namespace opsdeck::testing
