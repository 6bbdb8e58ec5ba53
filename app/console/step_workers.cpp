#include "app/console/step_workers.hpp"

namespace opsdeck::app {

StepWorkers::~StepWorkers() {
  for (auto& w : workers_) w.cancel->store(true);
  for (auto& w : workers_)
    if (w.thread.joinable()) w.thread.join();
}

void StepWorkers::reap() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->finished->load()) {
      if (it->thread.joinable()) it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

std::shared_ptr<std::atomic<bool>> StepWorkers::start(Job job) {
  reap();
  Worker w;
  w.cancel = std::make_shared<std::atomic<bool>>(false);
  w.finished = std::make_shared<std::atomic<bool>>(false);
  ++running_;
  w.thread = std::thread([job = std::move(job), cancel = w.cancel, finished = w.finished, this] {
    job(*cancel);
    --running_;
    finished->store(true);
  });
  auto flag = w.cancel;
  workers_.push_back(std::move(w));
  return flag;
}

}  // namespace opsdeck::app
