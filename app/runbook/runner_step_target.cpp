#include "app/runbook/runner_step_target.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace opsdeck::app::runbook {

namespace {

// Chunks and the outcome handed from the runner's thread to run()'s thread.
struct Mailbox {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<OutputStream, std::string>> chunks;
  std::optional<ssh::CommandOutcome> outcome;
};

}  // namespace

std::string RunnerStepTarget::describe() const { return runner_->describe_target(); }

aws::Result<StepOutcome> RunnerStepTarget::run(const std::string& script,
                                               const OutputCallback& on_output,
                                               const std::atomic<bool>* cancel) {
  auto box = std::make_shared<Mailbox>();
  auto push = [box](OutputStream s, std::string_view d) {
    {
      std::lock_guard lock(box->mu);
      box->chunks.emplace_back(s, std::string(d));
    }
    box->cv.notify_one();
  };
  ssh::CommandCallbacks cb;
  cb.on_stdout = [push](std::string_view d) { push(OutputStream::Stdout, d); };
  cb.on_stderr = [push](std::string_view d) { push(OutputStream::Stderr, d); };
  cb.on_exit = [box](const ssh::CommandOutcome& o) {
    {
      std::lock_guard lock(box->mu);
      box->outcome = o;
    }
    box->cv.notify_one();
  };
  const auto start = std::chrono::steady_clock::now();
  auto running = runner_->start(script, std::move(cb));
  bool cancelled = false;
  std::optional<ssh::CommandOutcome> outcome;
  for (;;) {
    std::deque<std::pair<OutputStream, std::string>> ready;
    {
      std::unique_lock lock(box->mu);
      box->cv.wait_for(lock, std::chrono::milliseconds(100),
                       [&] { return !box->chunks.empty() || box->outcome.has_value(); });
      ready.swap(box->chunks);
      outcome = box->outcome;
    }
    for (const auto& [stream, data] : ready)
      if (on_output) on_output(stream, data);
    if (outcome) {
      std::lock_guard lock(box->mu);  // chunks pushed before on_exit are already drained
      if (box->chunks.empty()) break;
      continue;
    }
    if (cancel && cancel->load() && !cancelled) {
      running->cancel();
      cancelled = true;
    }
  }
  StepOutcome out;
  out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (outcome->error) {
    if (outcome->error->kind == aws::ErrorKind::Cancelled) {
      out.cancelled = true;
      out.exit_code = 130;
      return out;
    }
    return *outcome->error;
  }
  if (outcome->exit_status) {
    out.exit_code = *outcome->exit_status;
  } else {
    out.exit_code = 255;  // killed by a signal on the remote side
  }
  out.cancelled = cancelled;
  return out;
}

}  // namespace opsdeck::app::runbook
