#pragma once
// LoopbackHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 for the peers that have no real
// stand-in in tests — malformed or truncated bodies, injected 5xx/throttling, IMDS, ECS
// container credentials, the SSO portal. By default each connection carries one request and
// is closed after the answer; with KeepAlive::On a connection stays open for more requests
// (answers say "Connection: keep-alive") until the client closes it, and accept_count()
// tells how many TCP connections were made. The handler returns the raw bytes to write, so a test can send
// anything (see response() for a well-formed one); an empty string closes without a reply.
//
// Threads: the handler runs on the server's own thread; requests() may be read from the
// test thread at any time. The destructor stops and joins the thread.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/http_request.hpp"

namespace opsdeck::testing {

struct CapturedRequest {
  std::string method;
  std::string target;        // "/path?query"
  aws::HeaderList headers;   // names lower-cased
  std::string body;
  const std::string* header(std::string_view name) const;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<std::string(const CapturedRequest&)>;
  enum class KeepAlive { Off, On };

  explicit LoopbackHttpServer(Handler handler, KeepAlive keep_alive = KeepAlive::Off);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int request_count() const { return count_.load(); }
  int accept_count() const { return accepts_.load(); }
  std::vector<CapturedRequest> requests() const;

  // A complete response with Content-Length and Connection: close.
  static std::string response(int status, const std::string& body,
                              const aws::HeaderList& headers = {},
                              const std::string& content_type = "text/xml");

 private:
  void serve();
  // Reads one request from `fd` and answers it; false when the connection is to be closed.
  bool handle(int fd);

  Handler handler_;
  bool keep_alive_ = false;
  std::atomic<int> accepts_{0};
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<int> count_{0};
  mutable std::mutex mu_;
  std::vector<CapturedRequest> requests_;
  std::thread thread_;
};

}  // namespace opsdeck::testing
