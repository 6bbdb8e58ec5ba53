#include "widgets/event_loop.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "widgets/terminal_restore.hpp"

namespace opsdeck::ui {

EventLoop::EventLoop() { wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

EventLoop::~EventLoop() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void EventLoop::post(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(task));
  }
  // Always write, even if the queue was not empty: a reader that drained the counter but
  // has not yet taken the lock must still see this task (lnav's lost-wake-up gap).
  std::uint64_t one = 1;
  ssize_t n;
  do {
    n = ::write(wake_fd_, &one, sizeof one);
  } while (n < 0 && errno == EINTR);
}

EventLoop::TimerId EventLoop::add_timer(std::chrono::milliseconds interval,
                                        std::function<Outcome()> on_fire, bool repeat) {
  if (interval.count() < 1) interval = std::chrono::milliseconds(1);
  TimerId id = next_id_++;
  timers_.push_back({id, Clock::now() + interval, interval, repeat, std::move(on_fire)});
  return id;
}

EventLoop::TimerId EventLoop::add_timer_at(Clock::time_point due, std::function<Outcome()> on_fire) {
  TimerId id = next_id_++;
  timers_.push_back({id, due, std::chrono::milliseconds(0), false, std::move(on_fire)});
  return id;
}

void EventLoop::cancel_timer(TimerId id) {
  std::erase_if(timers_, [id](const Timer& t) { return t.id == id; });
}

void EventLoop::watch_fd(int fd, std::function<Outcome()> on_ready) {
  watches_.push_back({fd, std::move(on_ready)});
}

int EventLoop::next_timeout_ms() const {
  if (timers_.empty()) return -1;
  auto due = std::min_element(timers_.begin(), timers_.end(),
                              [](const Timer& a, const Timer& b) { return a.due < b.due; })->due;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(std::min<long long>(left, 24LL * 3600 * 1000));
}

void EventLoop::drain_wake_fd() {
  std::uint64_t v;
  while (::read(wake_fd_, &v, sizeof v) > 0) {
  }
}

Outcome EventLoop::run_posted() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  for (auto& task : batch) task();
  return batch.empty() ? Outcome::Ignored : Outcome::Redraw;
}

Outcome EventLoop::run_timers() {
  Outcome out = Outcome::Ignored;
  auto now = Clock::now();
  // Collect due ids first: callbacks may add or cancel timers.
  std::vector<TimerId> due;
  for (const Timer& t : timers_)
    if (t.due <= now) due.push_back(t.id);
  for (TimerId id : due) {
    auto it = std::find_if(timers_.begin(), timers_.end(), [id](const Timer& t) { return t.id == id; });
    if (it == timers_.end()) continue;  // cancelled by an earlier callback
    std::function<Outcome()> fire = it->fire;
    if (it->repeat) {
      while (it->due <= now) it->due += it->interval;
    } else {
      timers_.erase(it);
    }
    out = combine(out, fire());
  }
  return out;
}

Outcome EventLoop::run_once(std::optional<std::chrono::milliseconds> max_wait) {
  std::vector<pollfd> fds;
  fds.push_back({wake_fd_, POLLIN, 0});
  for (const Watch& w : watches_) fds.push_back({w.fd, POLLIN, 0});
  const std::size_t watched = watches_.size();
  // Polled so a quit signal arriving just before poll() still wakes it; see run().
  const int quit_fd = TerminalRestore::quit_fd();
  if (quit_fd >= 0) fds.push_back({quit_fd, POLLIN, 0});
  int timeout = next_timeout_ms();
  if (max_wait) {
    int cap = static_cast<int>(max_wait->count());
    timeout = timeout < 0 ? cap : std::min(timeout, cap);
  }
  int n = ::poll(fds.data(), fds.size(), timeout);
  ++wakeups_;
  bool interrupted = n < 0 && errno == EINTR;
  if (quit_fd >= 0 && TerminalRestore::pending_signal() != 0) {
    quit_ = true;
    return Outcome::Quit;
  }

  Outcome out = Outcome::Ignored;
  if (n > 0 && (fds[0].revents & POLLIN)) drain_wake_fd();
  out = combine(out, run_posted());
  for (std::size_t i = 1; i <= watched && i <= watches_.size(); ++i) {
    bool ready = n > 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR));
    if (ready || interrupted) out = combine(out, watches_[i - 1].on_ready());
  }
  out = combine(out, run_timers());
  if (out == Outcome::Quit) quit_ = true;
  return out;
}

void EventLoop::run() {
  struct DeferQuitSignals {
    DeferQuitSignals() { TerminalRestore::defer_quit_signals(true); }
    ~DeferQuitSignals() { TerminalRestore::defer_quit_signals(false); }
    DeferQuitSignals(const DeferQuitSignals&) = delete;
    DeferQuitSignals& operator=(const DeferQuitSignals&) = delete;
  } defer;
  if (render_) render_(true);
  while (!quit_) {
    Outcome out = run_once();
    if (quit_) break;
    if (out >= Outcome::Redraw && render_) render_(out == Outcome::Relayout);
  }
}

}  // namespace opsdeck::ui
