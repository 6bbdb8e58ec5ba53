#pragma once
// The SSH client: one SSH worker thread, a pool of connections per host, and the entry
// points the rest of opsdeck uses (exec streams, port forwards, shells).
//
// Thread-safe: every public method may be called from any thread; the work is posted to
// the worker thread. Callbacks (command output, prompts) run on the worker thread.
// Destroying the client stops the worker; commands still running end with a Cancelled
// error reported to their on_exit.
//
// Connections are reused: every command to the same user@host:port (with the same keys)
// runs as a channel on an existing connection while it has room (sshd's MaxSessions,
// default 10), and further connections are opened as needed (max_connections_per_host).

#include <map>
#include <mutex>
#include <memory>
#include <string>

#include "ssh/channel_task.hpp"
#include "ssh/port_forward.hpp"
#include "ssh/command_runner.hpp"
#include "ssh/ssh_client_options.hpp"
#include "ssh/ssh_config.hpp"
#include "ssh/ssh_worker.hpp"

namespace opsdeck::ssh {

class HostPool;

class SshClient {
 public:
  explicit SshClient(SshClientOptions options);
  ~SshClient();
  SshClient(const SshClient&) = delete;
  SshClient& operator=(const SshClient&) = delete;

  // Runs `command` on `host`. Never blocks; the outcome arrives in callbacks.on_exit.
  std::shared_ptr<RunningCommand> exec(const HostSettings& host, std::string command, CommandCallbacks callbacks);
  // Queues any channel task (forwarded connection, shell) on a connection to `host`.
  void submit(const HostSettings& host, std::shared_ptr<ChannelTask> task);
  // Starts a local port forward; binds now (errors come back at once), connects lazily on
  // the first accepted connection. Returns the forward's id and actual local port.
  aws::Result<ForwardInfo> open_forward(ForwardSpec spec);
  std::vector<ForwardInfo> forwards();
  // Stops listening and closes the forward's connections. False for an unknown id.
  bool close_forward(int id);

  // Runs `fn` on the worker thread.
  void post(std::function<void()> fn);

  const SshClientOptions& options() const { return *options_; }
  std::weak_ptr<SshWorker> worker() const { return worker_; }
  // Number of open connections to `host` (for tests and the status line). Blocks briefly.
  size_t connection_count(const HostSettings& host);

 private:
  HostPool& pool_for(const HostSettings& host);  // worker thread only

  std::shared_ptr<const SshClientOptions> options_;
  std::map<std::string, std::shared_ptr<HostPool>> pools_;  // worker thread only
  std::mutex forwards_mu_;  // guards forwards_ and next_forward_id_ (any thread)
  std::map<int, std::shared_ptr<PortForwardListener>> forwards_;
  int next_forward_id_ = 1;
  std::shared_ptr<SshWorker> worker_;
};

// The pool key: user@hostname:port plus the identities that authenticate it.
std::string connection_key(const HostSettings& host, const SshClientOptions& options);

}  // namespace opsdeck::ssh
