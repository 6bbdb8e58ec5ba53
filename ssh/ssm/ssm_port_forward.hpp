#pragma once
// A local port forward through Session Manager, with opsdeck's native data channel client:
// 127.0.0.1:LOCAL -> the instance `target` -> remote_host:remote_port (or the instance's own
// port). Every accepted local connection is one smux stream when the agent multiplexes
// (LocalPortForwarding, ClientVersion >= 1.1.70 on the agent's side and an agent newer than
// 3.0.196.0 on ours, as session-manager-plugin decides), otherwise the basic byte stream, one
// connection at a time (later ones wait their turn, as the plugin leaves them in the
// listen queue). Notes: ../shared/notes/ssm-session-protocol.md §7–8.
//
// The data channel dropping is resumed by SsmStreamSession (same session, nothing lost).
// When the whole session ends or fails while the forward is open, a NEW session is started
// with backoff (1 s doubling to 30 s); the listener stays open, connections accepted
// meanwhile wait up to connect_timeout and are then closed (counted failed). A connection the
// agent cannot make (Flag 3 ConnectToPortError) fails only that connection.
//
// Bounded memory: local sockets are not read while the session holds more than
// kMaxOutboundBacklog bytes unacknowledged; data channel messages are not taken (the I/O
// thread waits, as smux stops reading its connection) while a connection has more than
// kMaxStreamReceive bytes or all have more than kMaxReceive bytes not yet written locally.
//
// Threads and ownership: open() binds the listener on the calling thread, then the forward
// owns one thread of its own (the listener, the local sockets, session starts) plus its
// SsmStreamSession's I/O thread. status(), close() and wait() are safe from any thread;
// `on_change` runs on the forward's own thread, never with a lock held, after every state
// change (and after a connection fails). Do not drop the last reference from `on_change`.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/result.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/port_forward_status.hpp"
#include "ssh/ssm/smux_session.hpp"
#include "ssh/ssm/ssm_stream_session.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh::ssm {

struct PortForwardSpec {
  std::string target;                 // instance id (mi-/i-)
  std::string remote_host;            // "" = the instance itself (AWS-StartPortForwardingSession),
                                      // else AWS-StartPortForwardingSessionToRemoteHost
  int remote_port = 0;
  int local_port = 0;                 // 0 = the system picks
  std::chrono::seconds idle_timeout{0};   // 0 = none: no bytes either way this long -> close
  std::chrono::milliseconds connect_timeout{15000};  // StartSession -> handshake, and how long
                                                     // a local connection waits for a session
  // The agent silent this long while data waits for its acknowledgement: the data channel
  // is reconnected (SsmStreamSession's stall timeout).
  std::chrono::milliseconds stall_timeout{30000};
  bool multiplex = true;              // false: report a client version that gets basic mode
  size_t message_bytes = 1024;        // stream bytes per data channel message (the plugin's size)
};


inline constexpr size_t kMaxOutboundBacklog = 2u << 20;  // bytes in the session not yet acknowledged
inline constexpr size_t kMaxStreamReceive = 1u << 20;    // per connection, not yet written locally
inline constexpr size_t kMaxReceive = 4u << 20;          // all connections

class SsmPortForward {
 public:
  // Binds 127.0.0.1:local_port on the calling thread (a busy port fails here, at once),
  // then starts the session (StartSession through `call`) on its own thread.
  // `on_change` runs on the forward's own thread after every state change.
  static aws::Result<std::shared_ptr<SsmPortForward>> open(
      const aws::SyncCaller& call, PortForwardSpec spec,
      std::function<void(const PortForwardStatus&)> on_change = {});
  PortForwardStatus status() const;   // any thread
  void close();                        // any thread, idempotent, does not block long
  void wait();                         // blocks until Closed or Failed (headless)
  // Blocks until Closed or Failed or `timeout` passes; true when it ended.
  bool wait_for(std::chrono::milliseconds timeout);
  const PortForwardSpec& spec() const { return spec_; }
  ~SsmPortForward();                   // closes

  SsmPortForward(const SsmPortForward&) = delete;
  SsmPortForward& operator=(const SsmPortForward&) = delete;

 private:
  struct Connection;
  struct Event {
    enum class Kind { Ready, State, Ended } kind;
    uint64_t generation = 0;
    std::string text;
    bool failed = false;
  };
  using Clock = std::chrono::steady_clock;

  SsmPortForward(aws::SyncCaller call, PortForwardSpec spec, UniqueFd listener, int local_port,
                 std::function<void(const PortForwardStatus&)> on_change);

  // The forward's thread.
  void run();
  void start_session();
  void handle_event(const Event& e, std::unique_lock<std::mutex>& lock);
  void session_over(const std::string& reason, bool failed, std::unique_lock<std::mutex>& lock);
  void accept_connections();
  void attach_waiting(Clock::time_point now);
  void service(Connection& c, short revents, Clock::time_point now);
  void finish(Connection& c, const std::string& failure = {});
  void set_state(PortForwardStatus::State state, std::string detail);  // under mu_
  void notify_pending();  // calls on_change_ for what set_state queued; without mu_
  bool reading_allowed() const;
  void shutdown(std::unique_lock<std::mutex>& lock, const std::string& detail);

  // The session's I/O thread.
  void on_ready(uint64_t generation, const SessionTypeRequest& type);
  void on_data(uint64_t generation, PayloadType type, std::string payload);
  void post(Event e);
  void wake();
  bool receive_full() const;

  aws::SyncCaller call_;
  const PortForwardSpec spec_;
  std::function<void(const PortForwardStatus&)> on_change_;
  UniqueFd listener_, wake_read_, wake_write_;

  mutable std::mutex mu_;  // everything below
  std::condition_variable changed_;       // status_.state reached Closed/Failed
  std::condition_variable receive_room_;  // local writes made room for the I/O thread
  PortForwardStatus status_;
  std::vector<PortForwardStatus> to_notify_;
  std::deque<Event> events_;
  bool close_requested_ = false;
  std::unique_ptr<SsmStreamSession> session_;  // replaced only by the forward's thread
  uint64_t generation_ = 0;                   // of session_; callbacks of older ones are ignored
  bool session_open_ = false;
  bool smux_mode_ = false;
  std::unique_ptr<SmuxSession> smux_;
  int pending_refusals_ = 0;                  // Flag 3 seen, its stream's FIN not yet
  std::string basic_early_;                   // basic mode: agent bytes before a connection
  std::map<int, std::unique_ptr<Connection>> connections_;  // by accept order
  int next_connection_id_ = 0;
  std::map<uint32_t, Connection*> by_stream_;
  Connection* basic_active_ = nullptr;
  size_t receive_bytes_ = 0;                  // in every Connection::rx and basic_early_
  Clock::time_point last_traffic_;
  Clock::time_point next_start_{};
  std::chrono::milliseconds restart_delay_{1000};
  bool ever_open_ = false;
  std::thread thread_;
};

}  // namespace opsdeck::ssh::ssm
