#include "app/logs/interrupt_watcher.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "app/exit_codes.hpp"

namespace opsdeck::app {
namespace {

int g_signal_pipe[2] = {-1, -1};
struct sigaction g_old_int, g_old_term;

void on_signal(int) {
  const char c = 'x';
  [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &c, 1);
}

}  // namespace

InterruptWatcher::InterruptWatcher(SystemTailClock& clock, std::chrono::milliseconds grace)
    : clock_(clock), grace_(grace) {
  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0 || ::pipe2(stop_fds_, O_CLOEXEC) != 0) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
  thread_ = std::thread([this] { run(); });
}

InterruptWatcher::~InterruptWatcher() {
  if (thread_.joinable()) {
    const char c = 'q';
    [[maybe_unused]] auto n = ::write(stop_fds_[1], &c, 1);
    thread_.join();
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
  }
  for (int* fds : {g_signal_pipe, stop_fds_})
    for (int i = 0; i < 2; ++i)
      if (fds[i] >= 0) {
        ::close(fds[i]);
        fds[i] = -1;
      }
}

void InterruptWatcher::run() {
  pollfd fds[2] = {{g_signal_pipe[0], POLLIN, 0}, {stop_fds_[0], POLLIN, 0}};
  while (::poll(fds, 2, -1) < 0) {
  }
  if (fds[1].revents) return;  // normal end
  clock_.cancel();
  // Give the main thread `grace` to finish its request and flush; then leave anyway.
  pollfd stop{stop_fds_[0], POLLIN, 0};
  if (::poll(&stop, 1, static_cast<int>(grace_.count())) > 0) return;
  std::fflush(stdout);
  std::_Exit(kExitInterrupted);
}

}  // namespace opsdeck::app
