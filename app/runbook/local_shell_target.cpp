#include "app/runbook/local_shell_target.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace opsdeck::app::runbook {

namespace {

aws::Error sys_error(const char* what) {
  return aws::make_error(aws::ErrorKind::Internal, std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

std::string LocalShellTarget::describe() const {
  char host[256] = "this machine";
  gethostname(host, sizeof host - 1);
  return std::string("local shell (/bin/bash -c) on ") + host;
}

aws::Result<StepOutcome> LocalShellTarget::run(const std::string& script, const OutputCallback& on_output,
                                               const std::atomic<bool>* cancel) {
  return execute(script, StepEnvironment{}, on_output, cancel);
}

aws::Result<StepOutcome> LocalShellTarget::execute(const std::string& script, const StepEnvironment& env,
                                                   const OutputCallback& on_output,
                                                   const std::atomic<bool>* cancel) {
  std::vector<std::string> entries;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool drop = env.set.count(std::string(name)) > 0;
    for (const auto& u : env.unset) drop = drop || name == u;
    if (!drop) entries.emplace_back(entry);
  }
  for (const auto& [k, v] : env.set) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : entries) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return sys_error("pipe");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return sys_error("pipe");
  }
  pid_t parent = getpid();
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
    return sys_error("fork");
  }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    if (!inherit_stdin_) {
      int devnull = open("/dev/null", O_RDONLY);
      if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    }
    char* argv[] = {const_cast<char*>("bash"), const_cast<char*>("-c"), const_cast<char*>(script.c_str()), nullptr};
    execve("/bin/bash", argv, envp.data());
    _exit(127);
  }
  setpgid(pid, pid);
  close(out[1]);
  close(err[1]);

  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  bool cancelled = false;
  auto kill_deadline = std::chrono::steady_clock::time_point::max();
  char buf[8192];
  while (open_fds > 0) {
    if (cancel && cancel->load() && !cancelled) {
      cancelled = true;
      kill(-pid, SIGTERM);
      kill_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
    if (std::chrono::steady_clock::now() > kill_deadline) kill(-pid, SIGKILL);
    int n = poll(fds, 2, 200);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && n > 0; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        if (on_output) on_output(i == 0 ? OutputStream::Stdout : OutputStream::Stderr, std::string_view(buf, static_cast<size_t>(got)));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  // Pipes closed: the shell (and whatever kept them open) is done; reap it.
  int status = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, cancelled ? WNOHANG : 0);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return sys_error("waitpid");
    if (w == 0) {
      if (std::chrono::steady_clock::now() > kill_deadline) kill(-pid, SIGKILL);
      usleep(20000);
    }
  }
  StepOutcome o;
  o.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  o.cancelled = cancelled;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
  return o;
}

}  // namespace opsdeck::app::runbook
