#include "app/logs/command_log_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <chrono>
#include <thread>
#include <vector>

namespace opsdeck::app {

// ---- LineSplitter ------------------------------------------------------------------------

void LineSplitter::feed(std::string_view bytes, const std::function<void(std::string_view)>& line) {
  while (!bytes.empty()) {
    const std::size_t nl = bytes.find('\n');
    const std::string_view part = bytes.substr(0, nl);
    if (!skipping_) {
      const std::size_t room = max_ - std::min(max_, partial_.size());
      partial_.append(part.substr(0, room));
      if (part.size() > room) {
        std::string_view l = partial_;
        line(l);  // emit the first max_ bytes, drop the rest of this line
        partial_.clear();
        skipping_ = true;
      }
    }
    if (nl == std::string_view::npos) return;
    if (!skipping_) {
      std::string_view l = partial_;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      line(l);
    }
    partial_.clear();
    skipping_ = false;
    bytes.remove_prefix(nl + 1);
  }
}

void LineSplitter::flush(const std::function<void(std::string_view)>& line) {
  if (!partial_.empty() && !skipping_) line(partial_);
  partial_.clear();
  skipping_ = false;
}

// ---- CommandLogSource --------------------------------------------------------------------

CommandLogSource::CommandLogSource(CommandRunner& runner, std::string command, NowFn now)
    : runner_(runner), command_(std::move(command)), now_(std::move(now)) {
  if (!now_) {
    now_ = [] {
      using namespace std::chrono;
      return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    };
  }
}

CommandLogSource::~CommandLogSource() { stop(); }

std::string CommandLogSource::label() const { return runner_.host_label() + ": " + command_; }

void CommandLogSource::start(LogSink& sink) {
  if (running_) return;
  SourceStatus st;
  st.source = label();
  st.state = SourceState::Following;
  sink.on_status(st);
  const std::string host = runner_.host_label();
  auto make = [this, host](std::string_view l) {
    return LogEvent{host, command_, now_(), 0, "", std::string(l)};
  };
  running_ = runner_.start(
      command_,
      [this, &sink, make](std::string_view bytes) {
        std::vector<LogEvent> batch;
        {
          std::lock_guard lock(mu_);
          splitter_.feed(bytes, [&](std::string_view l) { batch.push_back(make(l)); });
        }
        if (!batch.empty()) sink.on_events(std::move(batch));
      },
      [this, &sink, make](int code, std::string error) {
        std::vector<LogEvent> batch;
        {
          std::lock_guard lock(mu_);
          splitter_.flush([&](std::string_view l) { batch.push_back(make(l)); });
        }
        if (!batch.empty()) sink.on_events(std::move(batch));
        SourceStatus s;
        s.source = label();
        s.state = code == 0 && error.empty() ? SourceState::Finished : SourceState::Failed;
        s.message = error.empty() ? "exit " + std::to_string(code) : error;
        sink.on_status(s);
      });
}

void CommandLogSource::stop() {
  if (running_) running_->stop();
  running_.reset();
}

// ---- LocalCommandRunner ------------------------------------------------------------------

namespace {

class LocalRunning final : public RunningCommand {
 public:
  LocalRunning(pid_t pid, int stop_r, int stop_w, std::shared_ptr<std::atomic<bool>> exited, std::thread t)
      : pid_(pid), stop_r_(stop_r), stop_w_(stop_w), exited_(std::move(exited)), thread_(std::move(t)) {}
  ~LocalRunning() override { stop(); }
  void stop() override {
    if (!thread_.joinable()) return;
    const char c = 'q';
    [[maybe_unused]] auto n = ::write(stop_w_, &c, 1);  // first, so the reader knows it was us
    if (!exited_->load()) ::kill(-pid_, SIGTERM);        // never signal a reaped (reusable) pgid
    thread_.join();
    ::close(stop_r_);
    ::close(stop_w_);
  }

 private:
  pid_t pid_;
  int stop_r_, stop_w_;
  std::shared_ptr<std::atomic<bool>> exited_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<RunningCommand> LocalCommandRunner::start(const std::string& command, OutputFn on_output,
                                                          ExitFn on_exit) {
  int out[2], stop[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    on_exit(-1, "pipe failed");
    return nullptr;
  }
  if (::pipe2(stop, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    on_exit(-1, "pipe failed");
    return nullptr;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(stop[0]);
    ::close(stop[1]);
    on_exit(-1, "fork failed");
    return nullptr;
  }
  ::setpgid(pid, pid);
  const int rfd = out[0], sfd = stop[0];
  auto exited = std::make_shared<std::atomic<bool>>(false);
  std::thread t([pid, rfd, sfd, exited, on_output = std::move(on_output), on_exit = std::move(on_exit)] {
    char buf[65536];
    bool stopped = false;
    for (;;) {
      pollfd p[2] = {{rfd, POLLIN, 0}, {sfd, POLLIN, 0}};
      if (::poll(p, 2, -1) < 0) continue;
      if (p[1].revents) {
        stopped = true;
        break;
      }
      const ssize_t n = ::read(rfd, buf, sizeof buf);
      if (n <= 0) break;
      on_output(std::string_view(buf, static_cast<std::size_t>(n)));
    }
    ::close(rfd);
    int status = 0;
    if (stopped) ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    exited->store(true);
    if (!stopped) on_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), "");
  });
  return std::make_unique<LocalRunning>(pid, stop[0], stop[1], exited, std::move(t));
}

}  // namespace opsdeck::app
