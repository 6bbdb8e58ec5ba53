#include "app/runbook/shell_syntax.hpp"

#include "aws/json_document.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

namespace opsdeck::app::runbook {

namespace {

// Deeper syntax trees are not judged (the walkers recurse per level).
constexpr int kMaxTreeDepth = 1000;

constexpr auto kTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxOutput = 256u << 20;  // shfmt's JSON is ~100x the script

aws::Error internal(std::string what) {
  return aws::make_error(aws::ErrorKind::Internal, std::move(what),
                         "install shfmt (scripts/setup does), or set OPSDECK_SHFMT to its path");
}

struct Captured {
  std::string out;
  std::string err;
  int status = -1;
  bool timed_out = false;
  bool exec_failed = false;
};

// Runs `program --to-json` with `input` on stdin; collects stdout and stderr.
aws::Result<Captured> run_shfmt(const std::string& program, std::string_view input) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return internal("shell parser: pipe failed");
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return internal("shell parser: pipe failed");
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) close(fd);
    return internal("shell parser: pipe failed");
  }
  pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    return internal("shell parser: fork failed");
  }
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL);
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    // -ln bash: parse as bash whatever the environment's shfmt defaults say.
    execlp(program.c_str(), program.c_str(), "-ln", "bash", "--to-json", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
  // A shfmt that exits before reading all of stdin must not kill us with SIGPIPE: block it
  // on this thread while writing, and drop a pending one before unblocking.
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;

  Captured c;
  std::size_t written = 0;
  int fds_open[3] = {input.empty() ? -1 : in[1], out[0], err[0]};
  if (input.empty()) close(in[1]);
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  char buf[65536];
  while (fds_open[1] >= 0 || fds_open[2] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      c.timed_out = true;
      break;
    }
    pollfd p[3] = {{fds_open[0], POLLOUT, 0}, {fds_open[1], POLLIN, 0}, {fds_open[2], POLLIN, 0}};
    int n = poll(p, 3, static_cast<int>(left.count()));
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds_open[0] >= 0 && (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = write(fds_open[0], input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // shfmt stopped reading
      if (written >= input.size()) {
        close(fds_open[0]);
        fds_open[0] = -1;
      }
    }
    for (int i = 1; i < 3; ++i) {
      if (fds_open[i] < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t r = read(fds_open[i], buf, sizeof buf);
      if (r > 0) {
        std::string& dst = i == 1 ? c.out : c.err;
        if (dst.size() < kMaxOutput) dst.append(buf, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds_open[i]);
        fds_open[i] = -1;
      }
    }
  }
  for (int fd : fds_open)
    if (fd >= 0) close(fd);
  sigpending(&pending);
  if (!was_pending && sigismember(&pending, SIGPIPE) == 1) {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  if (c.timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  c.exec_failed = c.status == 127 && c.out.empty();
  return c;
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  std::string line = s.substr(0, nl);
  if (line.size() > 300) line = line.substr(0, 300) + "…";
  return line;
}

}  // namespace

std::string shfmt_program() {
  const char* env = std::getenv("OPSDECK_SHFMT");
  return env && *env ? env : "shfmt";
}

aws::Result<nlohmann::json> parse_shell(std::string_view script) {
  if (script.size() > kShellParseMaxBytes)
    return aws::make_error(aws::ErrorKind::Parse, "script is larger than " + std::to_string(kShellParseMaxBytes) +
                                                      " bytes; too large to judge");
  if (script.find('\0') != std::string_view::npos)
    return aws::make_error(aws::ErrorKind::Parse, "script contains a NUL byte");
  std::string program = shfmt_program();
  auto run = run_shfmt(program, script);
  if (!run.ok()) return run.error();
  if (run->timed_out) return internal("shell parser (" + program + ") did not answer within 10 s");
  if (run->exec_failed) return internal("shell parser '" + program + "' is not installed or cannot run");
  if (run->status != 0) {
    // shfmt reports "<standard input>:3:7: reached EOF without closing quote `\"`".
    // shfmt 3.6 says "1:6: reached EOF without closing quote"; older ones prefix the file name.
    std::string msg = first_line(run->err);
    if (msg.starts_with("<standard input>:")) msg = msg.substr(17);
    std::string where;
    if (auto c1 = msg.find(':'); c1 != std::string::npos && c1 > 0 &&
                                 msg.find_first_not_of("0123456789") == c1) {
      auto c2 = msg.find(':', c1 + 1);
      if (c2 != std::string::npos && c2 > c1 + 1) {
        where = " (line " + msg.substr(0, c1) + ", column " + msg.substr(c1 + 1, c2 - c1 - 1) + ")";
        msg = msg.substr(c2 + 1);
        while (!msg.empty() && msg.front() == ' ') msg.erase(0, 1);
      }
    }
    if (msg.empty()) msg = "shfmt exited with status " + std::to_string(run->status);
    return aws::make_error(aws::ErrorKind::Parse, "not valid bash" + where + ": " + msg);
  }
  // A script nested beyond kMaxTreeDepth (thousands of subshells) is not judged: the
  // walkers recurse per level. Unproven, like any other parser failure.
  nlohmann::json tree;
  aws::JsonProblem problem;
  aws::JsonReadOptions limits;
  limits.max_depth = kMaxTreeDepth;
  if (!aws::read_json_text(run->out, tree, problem, limits)) {
    if (problem.kind == aws::JsonProblem::Kind::TooDeep)
      return aws::make_error(aws::ErrorKind::Parse, "the script is nested too deeply to be judged (syntax tree " +
                                                        problem.message + ")");
    return internal("shell parser '" + program + "' printed something that is not a syntax tree");
  }
  if (!tree.is_object() || !tree.contains("Type") || tree["Type"] != "File")
    return internal("shell parser '" + program + "' printed something that is not a syntax tree");
  return tree;
}

}  // namespace opsdeck::app::runbook
