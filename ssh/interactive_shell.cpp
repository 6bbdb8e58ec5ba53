#include "ssh/interactive_shell.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <future>

#include "ssh/pty_shell_channel.hpp"
#include "ssh/raw_terminal.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {

namespace {

constexpr size_t kMaxInputBacklog = 256 * 1024;

int g_winch_fd = -1;  // write end of the SIGWINCH self-pipe (one shell at a time)

void on_winch(int) {
  int saved = errno;
  char c = 1;
  [[maybe_unused]] auto n = ::write(g_winch_fd, &c, 1);
  errno = saved;
}

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

}  // namespace

CommandOutcome run_interactive_shell(SshClient& client, const HostSettings& host, const std::string& command,
                                     ShellIo io) {
  if (io.term.empty()) {
    const char* t = std::getenv("TERM");
    io.term = t && *t ? t : "xterm-256color";
  }
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
    CommandOutcome o;
    o.error = aws::make_error(aws::ErrorKind::Internal, "pipe failed");
    return o;
  }
  UniqueFd winch_read(p[0]), winch_write(p[1]);
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
    CommandOutcome o;
    o.error = aws::make_error(aws::ErrorKind::Internal, "pipe failed");
    return o;
  }
  UniqueFd done_read(p[0]), done_write(p[1]);

  auto outcome = std::make_shared<std::promise<CommandOutcome>>();
  auto result = outcome->get_future();
  CommandCallbacks cb;
  const int out_fd = io.out_fd;
  cb.on_stdout = [out_fd](std::string_view d) { write_all(out_fd, d); };
  cb.on_exit = [outcome, fd = done_write.get()](const CommandOutcome& o) {
    outcome->set_value(o);
    char c = 1;
    [[maybe_unused]] auto n = ::write(fd, &c, 1);
  };
  auto channel = std::make_shared<PtyShellChannel>(io.term, terminal_size(io.out_fd), command, std::move(cb),
                                                   client.worker());

  struct sigaction sa {}, old {};
  g_winch_fd = winch_write.get();
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, &old);

  {
    RawTerminalGuard raw(io.in_fd);
    client.submit(host, channel);
    bool input_open = true;
    bool done = false;
    char buf[4096];
    for (;;) {
      pollfd fds[3] = {{done_read.get(), POLLIN, 0}, {winch_read.get(), POLLIN, 0}, {io.in_fd, POLLIN, 0}};
      const bool read_input = input_open && channel->input_backlog() < kMaxInputBacklog;
      int n = ::poll(fds, read_input ? 3 : 2, read_input ? -1 : 50);
      if (n < 0 && errno != EINTR) break;
      if (fds[0].revents & POLLIN) {
        done = true;
        break;
      }
      if (fds[1].revents & POLLIN) {
        while (::read(winch_read.get(), buf, sizeof buf) > 0) {
        }
        channel->resize(terminal_size(io.out_fd));
      }
      if (read_input && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
        auto r = ::read(io.in_fd, buf, sizeof buf);
        if (r > 0) {
          channel->send_input(std::string_view(buf, static_cast<size_t>(r)));
        } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
          input_open = false;
          channel->send_eof();
        }
      }
    }
    if (!done) channel->close();  // poll failed: end the shell rather than wait blind
  }  // terminal restored here, before anything else is printed

  ::sigaction(SIGWINCH, &old, nullptr);
  g_winch_fd = -1;
  return result.get();
}

}  // namespace opsdeck::ssh
