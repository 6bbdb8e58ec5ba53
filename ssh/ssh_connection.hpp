#pragma once
// One SSH connection to one host: a state machine from TCP connect to an authenticated
// session, which then carries many channel tasks (exec streams, forwards, shells).
//
//   Connecting -> Handshake -> HostKey (may wait for the operator) -> Auth -> Ready -> Dead
//
// The host key is checked against known_hosts right after the handshake, BEFORE any
// authentication: a mismatched or revoked key ends the connection with an error whose
// message contains "host key" and the fingerprint, and no task ever runs. An unknown key is
// recorded only when the operator (prompt) or the options accept it.
//
// Owned by the SshWorker (as a Pollable) and referenced weakly by SshClient's pool. Every
// method runs on the SSH worker thread. A dropped connection fails all its tasks with a
// retryable ErrorKind::Network error and is never reused.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ssh/channel_task.hpp"
#include "ssh/libssh2_handles.hpp"
#include "ssh/ssh_authenticator.hpp"
#include "ssh/ssh_client_options.hpp"
#include "ssh/ssh_config.hpp"
#include "ssh/ssh_worker.hpp"
#include "ssh/tcp_connector.hpp"

namespace opsdeck::ssh {

class SshConnection : public Pollable, public std::enable_shared_from_this<SshConnection> {
 public:
  enum class State { Connecting, Handshake, HostKey, Auth, Ready, Dead };

  // Queues a channel task on a connection to another host (the ProxyJump hop).
  using SubmitVia = std::function<void(const HostSettings&, std::shared_ptr<ChannelTask>)>;

  SshConnection(HostSettings host, std::shared_ptr<const SshClientOptions> options, std::weak_ptr<SshWorker> worker,
                SubmitVia submit_via = {});
  ~SshConnection() override;

  void submit(std::shared_ptr<ChannelTask> task);
  // Session channels queued or running (what counts against MaxSessions).
  int load() const;
  int capacity() const { return capacity_; }
  bool usable() const { return state_ != State::Dead; }
  State state() const { return state_; }
  bool ready() const { return state_ == State::Ready; }
  bool ever_ready() const { return ever_ready_; }
  // Why it died (set once Dead).
  const std::optional<aws::Error>& failure() const { return failure_; }
  const HostSettings& host() const { return host_; }
  std::string where() const;

  // Pollable
  void fill_poll(std::vector<pollfd>& fds, Clock::time_point& deadline) override;
  void step() override;
  bool done() const override { return state_ == State::Dead; }
  void shutdown() override;

 private:
  void start();
  void start_through_jump();
  void open_session();
  void step_connecting();
  void step_handshake();
  void step_host_key();
  void step_auth();
  void step_ready();
  void check_host_key();
  void prefer_known_host_key_types();
  void die(aws::Error error);
  bool peer_closed() const;
  bool setup_clock_paused() const;  // an operator prompt (or the jump connection) holds it up
  void check_setup_deadline();

  HostSettings host_;
  std::shared_ptr<const SshClientOptions> options_;
  std::weak_ptr<SshWorker> worker_;
  SubmitVia submit_via_;
  State state_ = State::Connecting;
  bool started_ = false;
  TcpConnector connector_;
  // From TCP connect to Ready: ConnectTimeout (ssh_config) or the client's connect_timeout.
  // The handshake and authentication must finish by setup_deadline_, which is pushed
  // forward while a host key or passphrase prompt waits for the operator (and, through
  // ProxyJump, while the handshake waits for the jump connection).
  std::chrono::milliseconds setup_timeout_{0};
  Clock::time_point setup_deadline_ = Clock::time_point::max();
  UniqueFd socket_;
  SessionPtr session_;
  std::unique_ptr<SshAuthenticator> auth_;
  std::shared_ptr<std::optional<bool>> host_key_answer_;  // set by the operator's answer
  HostKeyPrompt pending_prompt_;
  std::deque<std::shared_ptr<ChannelTask>> pending_;
  std::vector<std::shared_ptr<ChannelTask>> active_;
  int capacity_;
  bool ever_ready_ = false;
  std::optional<aws::Error> failure_;
  Clock::time_point next_keepalive_ = Clock::time_point::max();
};

}  // namespace opsdeck::ssh
