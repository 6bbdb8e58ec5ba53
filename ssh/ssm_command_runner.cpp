#include "ssh/ssm_command_runner.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace opsdeck::ssh {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kSsmStdoutLimit = 24000;

bool is_instance_id(const std::string& s) {
  return (s.rfind("i-", 0) == 0 || s.rfind("mi-", 0) == 0) && s.size() > 3 &&
         std::all_of(s.begin() + static_cast<long>(s.find('-') + 1), s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// What one poll saw for one instance, and what was already emitted.
struct Seen {
  std::size_t out = 0;
  std::size_t err = 0;
};

class SsmRun : public RunningCommand {
 public:
  SsmRun(aws::SyncCaller call, aws::SsmCommandTarget target, SsmRunnerOptions options,
         std::string command, CommandCallbacks cb)
      : call_(std::move(call)),
        target_(std::move(target)),
        options_(std::move(options)),
        command_(std::move(command)),
        cb_(std::move(cb)) {}

  // The polling thread holds `self` until on_exit returned, so the handle may be dropped
  // at any time (even inside a callback).
  static void launch(std::shared_ptr<SsmRun> self) {
    std::thread([self = std::move(self)] { self->run(); }).detach();
  }

  void cancel() override {
    {
      std::lock_guard lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }
  void pause(bool paused) override {
    {
      std::lock_guard lock(mu_);
      paused_ = paused;
    }
    cv_.notify_all();
  }

 private:
  // Sleeps up to `d` or until cancelled; true when cancelled. Stays asleep while paused.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, d, [this] { return cancelled_; });
    cv_.wait(lock, [this] { return cancelled_ || !paused_; });
    return cancelled_;
  }
  bool is_cancelled() {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  void finish(const CommandOutcome& o) {
    if (cb_.on_exit) cb_.on_exit(o);
  }

  void emit(const std::string& prefix, const std::string& text, std::size_t& seen,
            const std::function<void(std::string_view)>& sink) {
    if (text.size() <= seen) return;
    std::string_view suffix(text);
    suffix.remove_prefix(seen);
    seen = text.size();
    if (!sink) return;
    if (prefix.empty()) {
      sink(suffix);
    } else {
      sink(prefix + std::string(suffix));
    }
  }

  void cancel_remote(const std::string& command_id) {
    if (!command_id.empty()) (void)aws::cancel_command(call_, command_id);
  }

  // One poll; fills `invocations` (possibly empty = not visible yet).
  aws::Result<std::vector<aws::SsmInvocation>> poll(const std::string& command_id) {
    if (target_.tag_key.empty() && target_.instance_ids.size() == 1) {
      auto inv = aws::get_command_invocation(call_, command_id, target_.instance_ids.front());
      if (!inv) {
        if (inv.error().code == "InvocationDoesNotExist") return std::vector<aws::SsmInvocation>{};
        return inv.error();
      }
      return std::vector<aws::SsmInvocation>{*inv};
    }
    return aws::list_command_invocations(call_, command_id, true);
  }

  void run() {
    aws::SendCommandInput in;
    in.target = target_;
    in.commands = {command_};
    in.comment = options_.comment;
    in.execution_timeout_seconds = static_cast<int>(
        std::chrono::duration_cast<std::chrono::seconds>(options_.timeout).count());
    if (is_cancelled())
      return finish({std::nullopt, {}, aws::make_error(aws::ErrorKind::Cancelled, "cancelled")});
    auto id = aws::send_command(call_, in);
    if (!id) return finish({std::nullopt, {}, id.error()});
    const std::string command_id = *id;
    const bool many = !(target_.tag_key.empty() && target_.instance_ids.size() == 1);
    const auto deadline = Clock::now() + options_.timeout;
    auto delay = options_.first_poll;
    std::map<std::string, Seen> seen;
    int transient_failures = 0;
    for (;;) {
      if (sleep_for(delay)) {
        cancel_remote(command_id);
        return finish({std::nullopt,
                       {},
                       aws::make_error(aws::ErrorKind::Cancelled,
                                       "SSM command " + command_id + " cancelled")});
      }
      if (Clock::now() >= deadline) {
        cancel_remote(command_id);
        return finish({std::nullopt,
                       {},
                       aws::make_error(aws::ErrorKind::Timeout,
                                       "SSM command " + command_id + " did not finish in time",
                                       "it was cancelled; raise the timeout for long commands")});
      }
      auto invs = poll(command_id);
      if (!invs) {
        if (invs.error().retryable && ++transient_failures < 5) continue;
        return finish({std::nullopt, {}, invs.error()});
      }
      transient_failures = 0;
      bool grew = false;
      for (const auto& inv : *invs) {
        auto& s = seen[inv.instance_id];
        std::size_t before = s.out + s.err;
        std::string prefix = many ? "[" + inv.instance_id + "] " : std::string();
        emit(prefix, inv.stdout_text, s.out, cb_.on_stdout);
        emit(prefix, inv.stderr_text, s.err, cb_.on_stderr);
        grew = grew || s.out + s.err != before;
      }
      bool all_done =
          !invs->empty() && std::all_of(invs->begin(), invs->end(),
                                        [](const aws::SsmInvocation& i) { return i.terminal(); });
      if (all_done) {
        if (cb_.on_stderr)
          for (const auto& inv : *invs)
            if (inv.stdout_text.size() >= kSsmStdoutLimit)
              cb_.on_stderr(
                  "\nopsdeck: SSM returns only the first 24000 characters of output; the rest is "
                  "not shown\n");
        // One instance: its outcome. Several: the first that did not succeed, else success.
        const aws::SsmInvocation* pick = &invs->front();
        for (const auto& inv : *invs)
          if (!ssm_outcome(inv).succeeded()) {
            pick = &inv;
            break;
          }
        return finish(ssm_outcome(*pick));
      }
      delay = grew ? options_.first_poll
                   : std::min(options_.max_poll,
                              std::chrono::milliseconds(static_cast<long long>(
                                  static_cast<double>(delay.count()) * options_.backoff)));
    }
  }

  aws::SyncCaller call_;
  aws::SsmCommandTarget target_;
  SsmRunnerOptions options_;
  std::string command_;
  CommandCallbacks cb_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool cancelled_ = false;
  bool paused_ = false;
};

}  // namespace

std::string SsmCommandRunner::describe_target() const {
  if (!target_.tag_key.empty()) {
    std::string v;
    for (const auto& x : target_.tag_values) v += (v.empty() ? "" : ",") + x;
    return target_.tag_key + "=" + v + " (ssm)";
  }
  std::string ids;
  for (const auto& x : target_.instance_ids) ids += (ids.empty() ? "" : ",") + x;
  return ids + " (ssm)";
}

std::shared_ptr<RunningCommand> SsmCommandRunner::start(const std::string& command,
                                                        CommandCallbacks callbacks) {
  auto run = std::make_shared<SsmRun>(call_, target_, options_, command, std::move(callbacks));
  SsmRun::launch(run);
  return run;
}

aws::SsmCommandTarget parse_ssm_target(const std::string& text) {
  aws::SsmCommandTarget t;
  if (is_instance_id(text)) {
    t.instance_ids = {text};
    return t;
  }
  if (text.rfind("tag:", 0) == 0 && text.find('=') != std::string::npos) {
    auto eq = text.find('=');
    t.tag_key = text.substr(0, eq);
    std::string rest = text.substr(eq + 1);
    std::size_t pos = 0;
    while (pos <= rest.size()) {
      auto comma = rest.find(',', pos);
      if (comma == std::string::npos) comma = rest.size();
      if (comma > pos) t.tag_values.push_back(rest.substr(pos, comma - pos));
      pos = comma + 1;
    }
    return t;
  }
  t.tag_key = "tag:Name";
  t.tag_values = {text};
  return t;
}

CommandOutcome ssm_outcome(const aws::SsmInvocation& inv) {
  CommandOutcome o;
  const std::string what = "SSM command on " + inv.instance_id + " ";
  if ((inv.status == "Success" || inv.status == "Failed") && inv.response_code >= 0) {
    o.exit_status = inv.response_code;
    return o;
  }
  if (inv.status == "Success") {  // no ResponseCode reported: success is exit 0
    o.exit_status = 0;
    return o;
  }
  if (inv.status == "Cancelled" || inv.status == "Terminated") {
    o.error = aws::make_error(aws::ErrorKind::Cancelled, what + "was cancelled");
  } else if (inv.status == "TimedOut" || inv.status == "ExecutionTimedOut" ||
             inv.status == "DeliveryTimedOut") {
    o.error =
        aws::make_error(aws::ErrorKind::Timeout, what + "timed out (" + inv.status_details + ")",
                        "is the SSM agent online? raise the execution timeout for long commands");
  } else {
    o.error =
        aws::make_error(aws::ErrorKind::Aws,
                        what + "ended " + inv.status +
                            (inv.status_details.empty() ? "" : " (" + inv.status_details + ")"),
                        "check the instance's SSM agent and IAM role");
  }
  return o;
}

}  // namespace opsdeck::ssh
