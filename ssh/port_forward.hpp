#pragma once
// A local port forward (ssh -L): listens on 127.0.0.1:LOCAL and carries every accepted
// connection to remote_host:remote_port through an SSH connection to `via` (a database
// behind the instance). Created by SshClient::open_forward, which binds the socket on the
// caller's thread so "address in use" comes back at once; from then on the listener lives
// on the SSH worker thread. info() and close() are safe from any thread.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ssh/forwarded_connection.hpp"
#include "ssh/ssh_config.hpp"
#include "ssh/ssh_worker.hpp"

namespace opsdeck::ssh {

struct ForwardSpec {
  HostSettings via;
  int local_port = 0;  // 0: let the system pick
  std::string remote_host = "127.0.0.1";  // as seen from `via`
  int remote_port = 0;
};

// A snapshot for the forwards list on screen.
struct ForwardInfo {
  int id = 0;
  int local_port = 0;
  std::string remote_host;
  int remote_port = 0;
  std::string via;  // "user@host:port"
  int open_connections = 0;
  uint64_t total_connections = 0;
  uint64_t failed_connections = 0;
  std::string last_failure;  // why the last connection failed, "" while none has
  uint64_t bytes_to_remote = 0;
  uint64_t bytes_to_local = 0;
};

class PortForwardListener : public Pollable {
 public:
  using SubmitFn = std::function<void(std::shared_ptr<ChannelTask>)>;  // worker thread

  PortForwardListener(int id, ForwardSpec spec, UniqueFd listening, int local_port, SubmitFn submit);

  ForwardInfo info() const;  // any thread
  void close() { close_requested_ = true; }  // any thread; takes effect on the worker

  void fill_poll(std::vector<pollfd>& fds, Clock::time_point& deadline) override;
  void step() override;
  bool done() const override { return closed_; }
  void shutdown() override;

 private:
  int id_;
  ForwardSpec spec_;
  UniqueFd listening_;
  int local_port_;
  SubmitFn submit_;
  std::shared_ptr<ForwardCounters> counters_ = std::make_shared<ForwardCounters>();
  std::vector<std::weak_ptr<ForwardedConnection>> connections_;
  std::atomic<bool> close_requested_{false};
  bool closed_ = false;
};

// Binds and listens on 127.0.0.1:port (0 = any free port); returns the socket and the port.
aws::Result<std::pair<UniqueFd, int>> listen_loopback(int port);

}  // namespace opsdeck::ssh
