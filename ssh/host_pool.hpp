#pragma once
// The connections to one host (one ssh_config resolution) and the queue of channel tasks
// waiting for a slot on them.
//
// One connection is opened first; only once it is Ready (host key verified, authenticated)
// does the pool open more, and only when every Ready connection is at its channel limit
// (sshd's MaxSessions) — so an unknown host key is asked about once, not once per
// connection. If the first connection fails before it is Ready, every queued task fails
// with that error (host key refused, auth failed, unreachable). Dead connections are
// dropped; the next task opens a fresh one, which is how a dropped link is retried.
//
// Owned by SshClient and registered with the SshWorker; worker thread only.

#include <deque>
#include <memory>
#include <vector>

#include "ssh/ssh_connection.hpp"

namespace opsdeck::ssh {

class HostPool : public Pollable {
 public:
  HostPool(HostSettings host, std::shared_ptr<const SshClientOptions> options, std::weak_ptr<SshWorker> worker);

  void submit(std::shared_ptr<ChannelTask> task);
  size_t connection_count() const { return connections_.size(); }

  // Pollable
  void fill_poll(std::vector<pollfd>&, Clock::time_point&) override {}
  void step() override;
  bool done() const override { return false; }
  void shutdown() override;

 private:
  std::shared_ptr<SshConnection> open_connection();

  HostSettings host_;
  std::shared_ptr<const SshClientOptions> options_;
  std::weak_ptr<SshWorker> worker_;
  std::vector<std::shared_ptr<SshConnection>> connections_;
  std::deque<std::shared_ptr<ChannelTask>> queue_;
  bool stop_growing_ = false;
};

}  // namespace opsdeck::ssh
