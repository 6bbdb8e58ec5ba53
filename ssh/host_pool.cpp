#include "ssh/host_pool.hpp"

#include <algorithm>

namespace opsdeck::ssh {

HostPool::HostPool(HostSettings host, std::shared_ptr<const SshClientOptions> options,
                   std::weak_ptr<SshWorker> worker)
    : host_(std::move(host)), options_(std::move(options)), worker_(std::move(worker)) {}

void HostPool::submit(std::shared_ptr<ChannelTask> task) { queue_.push_back(std::move(task)); }

std::shared_ptr<SshConnection> HostPool::open_connection() {
  auto c = std::make_shared<SshConnection>(host_, options_, worker_);
  connections_.push_back(c);
  if (auto w = worker_.lock()) {
    w->add(c);
    w->request_immediate_step();
  }
  return c;
}

void HostPool::shutdown() {
  auto e = aws::make_error(aws::ErrorKind::Cancelled, "the SSH client is shutting down");
  for (auto& t : queue_) t->fail(e);
  queue_.clear();
  for (auto& c : connections_) c->shutdown();
  connections_.clear();
}

void HostPool::step() {
  // Drop dead connections; a connection that never got Ready takes the queue down with it
  // unless another connection to the host works.
  for (auto it = connections_.begin(); it != connections_.end();) {
    if ((*it)->usable()) {
      ++it;
      continue;
    }
    const bool others_ready =
        std::any_of(connections_.begin(), connections_.end(), [](const auto& c) { return c->ready(); });
    if (!(*it)->ever_ready() && (*it)->failure()) {
      if (others_ready) {
        stop_growing_ = true;  // e.g. sshd MaxStartups: make do with what works
      } else {
        for (auto& t : queue_) t->fail(*(*it)->failure());
        queue_.clear();
      }
    }
    it = connections_.erase(it);
  }
  if (queue_.empty()) return;

  const int max_conns = std::max(1, options_->max_connections_per_host);
  while (!queue_.empty()) {
    auto& task = queue_.front();
    std::shared_ptr<SshConnection> best;
    bool setting_up = false;
    for (auto& c : connections_) {
      if (!c->ready()) {
        setting_up = true;
        continue;
      }
      if (!best || c->load() < best->load()) best = c;
    }
    const bool has_room = best && (!task->is_session_channel() || best->load() < best->capacity());
    if (has_room) {
      best->submit(std::move(task));
      queue_.pop_front();
      continue;
    }
    if (setting_up) return;  // wait for it before opening yet another
    if (!stop_growing_ && static_cast<int>(connections_.size()) < max_conns) {
      open_connection();
      return;
    }
    if (!best) return;
    best->submit(std::move(task));  // all full: queue on the least loaded one
    queue_.pop_front();
  }
}

}  // namespace opsdeck::ssh
