#include "aws/credential_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/credential_json.hpp"
#include "aws/error_parser.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {
constexpr const char* kHint = "run the command from the profile's credential_process by hand";
}  // namespace

Result<Credentials> ProcessCredentialsProvider::get() {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    return make_error(ErrorKind::Internal, "credential_process: pipe failed");
  pid_t pid = fork();
  if (pid < 0) return make_error(ErrorKind::Internal, "credential_process: fork failed");
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  std::string stdout_text, stderr_text;
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  bool open_out = true, open_err = true, timed_out = false;
  while (open_out || open_err) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{open_out ? out[0] : -1, POLLIN, 0}, {open_err ? err[0] : -1, POLLIN, 0}};
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) break;
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
      if (!fds[i].revents) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) (i == 0 ? open_out : open_err) = false;
      else if ((i == 0 ? stdout_text : stderr_text).size() < (1u << 20))
        (i == 0 ? stdout_text : stderr_text).append(buf, static_cast<size_t>(n));
    }
  }
  close(out[0]);
  close(err[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out)
    return make_error(ErrorKind::Credentials, "credential_process timed out after " +
                                                  std::to_string(timeout_.count()) + " ms");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error(ErrorKind::Credentials,
                      "credential_process exited with status " +
                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ": " +
                          sanitize_remote_text(stderr_text, 200),
                      kHint);
  // The output holds the secret: messages name fields and types, never quote it.
  constexpr const char* kDocument = "credential_process output";
  auto j = parse_json_document(stdout_text, kDocument);
  if (!j) {
    Error e = j.error();
    e.kind = ErrorKind::Credentials;
    e.hint = kHint;
    return e;
  }
  JsonPlace at{kDocument, "", ErrorKind::Credentials, kHint};
  if (j->is_object())
    if (auto v = require_equal(*j, "Version", 1, at); !v) return v.error();
  auto c = credentials_from_document(*j, "credential_process", kDocument);
  if (!c && c.error().hint.empty()) c.error().hint = kHint;
  return c;
}

}  // namespace opsdeck::aws
