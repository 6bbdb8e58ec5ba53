#include "ssh/interactive_shell.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <future>

#include "ssh/pty_shell_channel.hpp"
#include "ssh/terminal_relay.hpp"
#include "ssh/unique_fd.hpp"

namespace opsdeck::ssh {

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

  RelayTarget target;
  target.input = [&](std::string_view bytes) { channel->send_input(bytes); };
  target.resize = [&](TerminalSize size) { channel->resize(size); };
  target.input_closed = [&] { channel->send_eof(); };
  target.backlog = [&] { return channel->input_backlog(); };
  client.submit(host, channel);
  if (!relay_terminal(io.in_fd, io.out_fd, done_read.get(), target))
    channel->close();  // the relay failed: end the shell rather than wait blind
  return result.get();
}

}  // namespace opsdeck::ssh
