#include "ssh/ssh_worker.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "ssh/libssh2_library.hpp"

namespace opsdeck::ssh {

namespace {
constexpr auto kMaxWait = std::chrono::milliseconds(500);
}

SshWorker::SshWorker() {
  ensure_libssh2();
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_.reset(p[0]);
    wake_write_.reset(p[1]);
  }
  thread_ = std::thread([this] { run(); });
}

SshWorker::~SshWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
  for (auto& p : pollables_) p->shutdown();
  pollables_.clear();
}

void SshWorker::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  wake();
}

void SshWorker::add(std::shared_ptr<Pollable> p) { pollables_.push_back(std::move(p)); }

void SshWorker::wake() {
  char c = 1;
  // A full pipe already means "wake up": EAGAIN is fine.
  [[maybe_unused]] auto n = ::write(wake_write_.get(), &c, 1);
}

void SshWorker::run() {
  std::vector<pollfd> fds;
  for (;;) {
    std::deque<std::function<void()>> tasks;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      tasks.swap(tasks_);
    }
    for (auto& t : tasks) t();

    for (size_t i = 0; i < pollables_.size(); ++i) pollables_[i]->step();
    pollables_.erase(std::remove_if(pollables_.begin(), pollables_.end(), [](const auto& p) { return p->done(); }),
                     pollables_.end());

    fds.clear();
    fds.push_back(pollfd{wake_read_.get(), POLLIN, 0});
    auto deadline = Clock::now() + kMaxWait;
    for (auto& p : pollables_) p->fill_poll(fds, deadline);
    int timeout = 0;
    if (!immediate_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      timeout = static_cast<int>(std::clamp<long long>(left, 0, kMaxWait.count()));
    }
    immediate_ = false;
    int n = ::poll(fds.data(), fds.size(), timeout);
    if (n > 0 && (fds[0].revents & POLLIN)) {
      char buf[256];
      while (::read(wake_read_.get(), buf, sizeof buf) > 0) {
      }
    }
  }
}

}  // namespace opsdeck::ssh
