#include "ssh/ssh_client.hpp"

#include <future>

#include "ssh/exec_channel.hpp"
#include "ssh/host_pool.hpp"

namespace opsdeck::ssh {

std::string connection_key(const HostSettings& host, const SshClientOptions& options) {
  std::string key = (host.user.empty() ? options.local_user : host.user) + "@" + host.hostname + ":" +
                    std::to_string(host.port) + "|" + host.proxy_jump + "|" + (host.identities_only ? "1" : "0");
  for (const auto& f : host.identity_files) key += "|" + f;
  return key;
}

SshClient::SshClient(SshClientOptions options)
    : options_(std::make_shared<const SshClientOptions>(std::move(options))),
      worker_(std::make_shared<SshWorker>()) {}

SshClient::~SshClient() {
  // Stop the thread first (it fails whatever is still running), then drop the pools.
  worker_.reset();
  pools_.clear();
  forwards_.clear();
}

void SshClient::post(std::function<void()> fn) { worker_->post(std::move(fn)); }

HostPool& SshClient::pool_for(const HostSettings& host) {
  auto key = connection_key(host, *options_);
  auto it = pools_.find(key);
  if (it == pools_.end()) {
    auto pool = std::make_shared<HostPool>(host, options_, worker_);
    worker_->add(pool);
    it = pools_.emplace(key, std::move(pool)).first;
  }
  return *it->second;
}

void SshClient::submit(const HostSettings& host, std::shared_ptr<ChannelTask> task) {
  worker_->post([this, host, task = std::move(task)]() mutable {
    pool_for(host).submit(std::move(task));
    worker_->request_immediate_step();
  });
}

std::shared_ptr<RunningCommand> SshClient::exec(const HostSettings& host, std::string command,
                                                CommandCallbacks callbacks) {
  auto task = std::make_shared<ExecChannel>(std::move(command), std::move(callbacks), worker_);
  submit(host, task);
  return task;
}

aws::Result<ForwardInfo> SshClient::open_forward(ForwardSpec spec) {
  if (spec.remote_port <= 0 || spec.remote_port > 65535)
    return aws::make_error(aws::ErrorKind::Usage, "bad remote port " + std::to_string(spec.remote_port));
  auto bound = listen_loopback(spec.local_port);
  if (!bound) return bound.error();
  auto [fd, port] = std::move(*bound);
  std::shared_ptr<PortForwardListener> listener;
  {
    std::lock_guard<std::mutex> l(forwards_mu_);
    const int id = next_forward_id_++;
    HostSettings via = spec.via;
    listener = std::make_shared<PortForwardListener>(
        id, std::move(spec), std::move(fd), port,
        [this, via](std::shared_ptr<ChannelTask> task) { pool_for(via).submit(std::move(task)); });
    forwards_[id] = listener;
  }
  worker_->post([this, listener] { worker_->add(listener); });
  return listener->info();
}

std::vector<ForwardInfo> SshClient::forwards() {
  std::lock_guard<std::mutex> l(forwards_mu_);
  std::vector<ForwardInfo> out;
  for (const auto& [id, f] : forwards_) out.push_back(f->info());
  return out;
}

bool SshClient::close_forward(int id) {
  std::shared_ptr<PortForwardListener> f;
  {
    std::lock_guard<std::mutex> l(forwards_mu_);
    auto it = forwards_.find(id);
    if (it == forwards_.end()) return false;
    f = it->second;
    forwards_.erase(it);
  }
  f->close();
  worker_->post([] {});  // wake the worker so the listener closes now
  return true;
}

size_t SshClient::connection_count(const HostSettings& host) {
  std::promise<size_t> p;
  auto f = p.get_future();
  worker_->post([&] {
    auto it = pools_.find(connection_key(host, *options_));
    p.set_value(it == pools_.end() ? 0 : it->second->connection_count());
  });
  return f.get();
}

}  // namespace opsdeck::ssh
