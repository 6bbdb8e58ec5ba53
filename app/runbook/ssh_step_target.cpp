#include "app/runbook/ssh_step_target.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>

#include "app/runbook/variables.hpp"
#include "app/ssh_defaults.hpp"
#include "ssh/host_target.hpp"
#include "ssh/ssh_client.hpp"

namespace opsdeck::app::runbook {

aws::Result<std::unique_ptr<StepTarget>> SshStepTarget::create(const std::string& destination) {
  auto target = ssh::parse_host_target(destination);
  if (!target.ok()) return target.error();
  if (ssh::looks_like_instance_id(target->host))
    return aws::make_error(aws::ErrorKind::Usage,
                           "ssh:" + destination + ": resolving instance ids is not available yet",
                           "use the instance's address or an ssh_config alias, or ssm:" + target->host);
  auto config = load_ssh_config();
  return std::unique_ptr<StepTarget>(new SshStepTarget(destination, ssh::resolve_host_target(*target, config)));
}

std::string SshStepTarget::describe() const {
  std::string who = host_.user.empty() ? "" : host_.user + "@";
  return "ssh " + who + host_.hostname + ":" + std::to_string(host_.port) + " (bash -c)";
}

aws::Result<StepOutcome> SshStepTarget::run(const std::string& script, const OutputCallback& on_output,
                                            const std::atomic<bool>* cancel) {
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::pair<OutputStream, std::string>> chunks;
    std::optional<ssh::CommandOutcome> outcome;
  };
  auto shared = std::make_shared<Shared>();
  auto push = [shared](OutputStream s, std::string_view d) {
    std::lock_guard lock(shared->mu);
    shared->chunks.emplace_back(s, std::string(d));
    shared->cv.notify_one();
  };
  ssh::CommandCallbacks cb;
  cb.on_stdout = [push](std::string_view d) { push(OutputStream::Stdout, d); };
  cb.on_stderr = [push](std::string_view d) { push(OutputStream::Stderr, d); };
  cb.on_exit = [shared](const ssh::CommandOutcome& o) {
    std::lock_guard lock(shared->mu);
    shared->outcome = o;
    shared->cv.notify_one();
  };

  auto start = std::chrono::steady_clock::now();
  ssh::SshClient client(ssh_client_options(host_));
  auto running = client.exec(host_, "bash -c " + shell_quote(script), std::move(cb));
  bool cancelled = false;
  std::optional<ssh::CommandOutcome> outcome;
  for (;;) {
    std::deque<std::pair<OutputStream, std::string>> chunks;
    {
      std::unique_lock lock(shared->mu);
      shared->cv.wait_for(lock, std::chrono::milliseconds(100),
                          [&] { return !shared->chunks.empty() || shared->outcome.has_value(); });
      chunks.swap(shared->chunks);
      if (chunks.empty() && shared->outcome) outcome = shared->outcome;
    }
    for (const auto& [s, d] : chunks)
      if (on_output) on_output(s, d);
    if (outcome) break;
    if (cancel && cancel->load() && !cancelled) {
      cancelled = true;
      running->cancel();
    }
  }
  StepOutcome o;
  o.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  o.cancelled = cancelled;
  if (outcome->error) {
    if (outcome->error->kind == aws::ErrorKind::Cancelled) {
      o.exit_code = 130;
      return o;
    }
    return *outcome->error;
  }
  if (!outcome->exit_signal.empty()) {
    o.exit_code = outcome->exit_signal == "KILL" ? 137 : outcome->exit_signal == "TERM" ? 143
                  : outcome->exit_signal == "INT" ? 130 : 255;
    return o;
  }
  o.exit_code = outcome->exit_status.value_or(255);
  return o;
}

}  // namespace opsdeck::app::runbook
