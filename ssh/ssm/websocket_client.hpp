#pragma once
// A WebSocket client for Session Manager's data channel: ws:// or wss:// (TLS with the
// system's trust store, SNI and host name verification), over Boost.Beast on an I/O thread
// this object owns. Knows nothing of the Session Manager protocol: the first frame is text
// (the caller's OpenDataChannel JSON), the rest are binary frames in both directions.
// Pings from the server are answered; when nothing arrives for `idle_timeout` it pings, and
// a connection that stays silent for another half of it counts as lost.
//
// The network fence (aws/network_fence.hpp) applies to every address resolved.
//
// Threads: connect(), send(), post(), after() and stop() are safe from any thread. Every
// Handlers callback, and every function given to post()/after(), runs on the I/O thread;
// they may call any method of this object. The destructor stops the thread and joins it (do
// not destroy it from a handler).

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "aws/result.hpp"

namespace opsdeck::ssh::ssm {

struct WebSocketUrl {
  bool tls = false;
  std::string host;
  std::string port;    // "443" for wss:// without one
  std::string target;  // path and query: "/v1/data-channel/ID?role=publish_subscribe"
};
// Refuses anything but ws:// and wss:// URLs with a host (ErrorKind::Usage).
aws::Result<WebSocketUrl> parse_websocket_url(const std::string& url);

class WebSocketClient {
 public:
  struct Handlers {
    std::function<void()> connected;               // the handshake is done and the first frame queued
    std::function<void(std::string frame)> binary;  // a binary frame from the server
    std::function<void(aws::Error)> lost;          // connect failed or the connection ended; once per connect()
  };
  struct Options {
    std::chrono::milliseconds connect_timeout{15000};
    std::chrono::milliseconds idle_timeout{60000};
  };

  WebSocketClient(Handlers handlers, Options options);
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  // Drops any current connection (without calling `lost` for it) and opens a new one,
  // sending `first_text` as a text frame once the WebSocket handshake is done.
  void connect(std::string url, std::string first_text);
  void send(std::string frame);               // binary; in order; dropped when not connected
  void post(std::function<void()> fn);        // run on the I/O thread
  void after(std::chrono::milliseconds delay, std::function<void()> fn);
  void close();                               // closes the connection politely; no `lost` for it
  void stop();                                // ends the I/O thread; handlers are not called again
  size_t queued_bytes() const;                // written by send() and not yet on the socket

  struct Impl;  // the io_context, its thread and the connection (websocket_client.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace opsdeck::ssh::ssm
