#pragma once
// One Session Manager session over the native data channel: the session StartSession (or
// ECS ExecuteCommand) returned -> a WebSocket to its StreamUrl -> the DataChannel protocol.
// When the WebSocket drops, or the agent stops acknowledging for `stall_timeout`, it asks
// for a new token (ResumeSession), reconnects with backoff and resends what was not
// acknowledged, keeping both sequence counters, so nothing is lost or repeated. terminate()
// sends the TerminateSession flag, waits briefly for it to be acknowledged, then calls the
// TerminateSession API.
//
// Threads: the session owns one I/O thread (its WebSocketClient's). send(), terminate(),
// stats() and backlog_bytes() are safe from any thread. Every Events callback and the
// resume/terminate functions run on the I/O thread; `ended` is called exactly once, after
// which no callback runs. The destructor stops the thread (never destroy the session from
// one of its own callbacks).

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "aws/result.hpp"
#include "aws/ssm.hpp"
#include "ssh/ssm/data_channel.hpp"
#include "ssh/ssm/websocket_client.hpp"

namespace opsdeck::ssh::ssm {

struct StreamSessionOptions {
  std::chrono::milliseconds connect_timeout{15000};
  std::chrono::milliseconds handshake_timeout{30000};  // WebSocket open -> HandshakeComplete
  std::chrono::milliseconds stall_timeout{30000};      // oldest unacknowledged message this old: reconnect
  std::chrono::milliseconds idle_timeout{60000};       // WebSocket silence before a ping decides
  int max_reconnects = 5;                              // in a row, with backoff 200 ms .. 5 s
  DataChannelOptions channel;
  // SSM ResumeSession: a new token, "" when the session is gone. Unset: a drop ends the session.
  std::function<aws::Result<std::string>(const std::string& session_id)> resume;
  // SSM TerminateSession (best effort; the session ends either way).
  std::function<void(const std::string& session_id)> terminate;
};

struct StreamSessionEvents {
  std::function<void(const SessionTypeRequest&, const std::string& customer_message)> ready;
  std::function<void(PayloadType, std::string payload)> data;
  // "connecting", "connected", "reconnecting (attempt 2 of 5): <why>", ...
  std::function<void(const std::string& state)> state;
  // The session is over: why, and whether that is a failure (false for a normal exit).
  std::function<void(const std::string& reason, bool failed)> ended;
};

class SsmStreamSession {
 public:
  SsmStreamSession(aws::SsmSession session, StreamSessionOptions options, StreamSessionEvents events);
  ~SsmStreamSession();
  SsmStreamSession(const SsmStreamSession&) = delete;
  SsmStreamSession& operator=(const SsmStreamSession&) = delete;

  void start();
  void send(PayloadType type, std::string payload);
  void terminate();
  const std::string& session_id() const { return session_.session_id; }

  DataChannelStats stats() const;
  size_t backlog_bytes() const;  // unacknowledged + held + not yet written
  int reconnects() const;

 private:
  void open_channel();  // I/O thread from here on
  void on_lost(aws::Error error);
  void reconnect(int attempt, std::string why);
  void on_tick();
  void end(const std::string& reason, bool failed);
  uint64_t now_ms() const;
  void publish();  // copies the channel's counters for other threads

  aws::SsmSession session_;
  StreamSessionOptions options_;
  StreamSessionEvents events_;
  DataChannel channel_;
  std::unique_ptr<WebSocketClient> socket_;
  std::string client_id_;
  std::chrono::steady_clock::time_point origin_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point connected_at_{};
  bool connected_ = false, ended_ = false, terminating_ = false;
  int attempt_ = 0;

  mutable std::mutex mu_;  // guards the copies below
  DataChannelStats published_;
  int reconnects_ = 0;
  size_t backlog_ = 0;
  std::atomic<size_t> posted_bytes_{0};  // given to send() and not yet in the channel
  std::chrono::steady_clock::time_point last_heard_{};  // the last frame from the far end
};

}  // namespace opsdeck::ssh::ssm
