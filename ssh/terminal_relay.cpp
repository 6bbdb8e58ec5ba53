#include "ssh/terminal_relay.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {
namespace {

int g_winch_fd = -1;  // write end of the SIGWINCH self-pipe (one relay at a time)

void on_winch(int) {
  int saved = errno;
  char c = 1;
  [[maybe_unused]] auto n = ::write(g_winch_fd, &c, 1);
  errno = saved;
}

}  // namespace

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    if (n <= 0) return;  // the local side is gone; the shell ends when its input does
    data.remove_prefix(static_cast<size_t>(n));
  }
}

bool relay_terminal(int in_fd, int out_fd, int done_fd, const RelayTarget& target) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) return false;
  UniqueFd winch_read(p[0]), winch_write(p[1]);

  struct sigaction sa {}, old {};
  g_winch_fd = winch_write.get();
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, &old);

  bool ok = false;
  {
    RawTerminalGuard raw(in_fd);
    if (target.resize) target.resize(terminal_size(out_fd));
    bool input_open = true;
    char buf[4096];
    for (;;) {
      pollfd fds[3] = {{done_fd, POLLIN, 0}, {winch_read.get(), POLLIN, 0}, {in_fd, POLLIN, 0}};
      const bool read_input = input_open && (!target.backlog || target.backlog() < target.max_backlog);
      int n = ::poll(fds, read_input ? 3 : 2, read_input ? -1 : 50);
      if (n < 0 && errno != EINTR) break;
      if (fds[0].revents & (POLLIN | POLLHUP)) {
        ok = true;
        break;
      }
      if (fds[1].revents & POLLIN) {
        while (::read(winch_read.get(), buf, sizeof buf) > 0) {
        }
        if (target.resize) target.resize(terminal_size(out_fd));
      }
      if (read_input && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
        auto r = ::read(in_fd, buf, sizeof buf);
        if (r > 0) {
          target.input(std::string_view(buf, static_cast<size_t>(r)));
        } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
          input_open = false;
          if (target.input_closed) target.input_closed();
        }
      }
    }
  }  // terminal restored here, before anything else is printed

  ::sigaction(SIGWINCH, &old, nullptr);
  g_winch_fd = -1;
  return ok;
}

}  // namespace opsdeck::ssh
