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
